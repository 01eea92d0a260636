#!/usr/bin/env node
// Runs the compiled CLI and server (dist/server, built by `npm run build`): production compiles nothing at start.
import { existsSync } from 'node:fs'

const entry = new URL('../dist/server/manyi.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write(
    'Manyi is not built yet: run `npm run build` (or `npm start`, which builds what changed).\n',
  )
  process.exit(1)
}
await import(entry.href)
