import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { buildServer } from '../../scripts/build.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let built: Promise<string> | undefined
let dir: string | undefined

// Registered when a test file imports this helper: its build goes when the file's tests end.
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

/**
 * For tests that start the real CLI or server as a process: the command line of the CLI compiled the
 * way production runs it (scripts/build.mjs), from the sources as they are now, into a private
 * directory — never dist/, which may be missing (a fresh clone) or older than the sources. Built
 * once per test file (about a second), then each start runs plain JavaScript. The directory sits
 * under node_modules/.cache so the compiled code finds its packages, and goes when the file's tests end.
 */
export function builtManyi(): Promise<string> {
  built ??= (async () => {
    const parent = join(ROOT, 'node_modules', '.cache', 'manyi-test-build')
    await mkdir(parent, { recursive: true })
    dir = await mkdtemp(join(parent, 'run-'))
    await buildServer(dir)
    return join(dir, 'manyi.js')
  })()
  return built
}
