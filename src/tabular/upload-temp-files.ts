import { rmSync } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'

/** Temp files of uploads not removed yet; whatever is left when the process exits goes then. */
const liveUploads = new Set<string>()
let exitHookInstalled = false

/** A temp file of this process, removed by the caller with `removeUpload` (or at exit at the latest). */
export function tempUploadPath(name: string): string {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    // A background import still running when the process stops would otherwise leave its file behind.
    process.once('exit', () => {
      for (const path of liveUploads) rmSync(path, { force: true })
    })
  }
  const path = join(tmpdir(), `manyi-upload-${randomUUID()}${extname(name).toLowerCase()}`)
  liveUploads.add(path)
  return path
}

export async function removeUpload(path: string): Promise<void> {
  liveUploads.delete(path)
  await unlink(path).catch(() => undefined)
}
