// Entry of the table worker thread. The server runs its TypeScript sources
// through tsx (bin/manyi.js); a worker thread does not inherit the main
// thread's loader, so it registers tsx itself before importing a .ts entry.
// A compiled build passes a .js entry and needs no loader.
import { workerData } from 'node:worker_threads'

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api')
  register()
}
await import(workerData.entry)
