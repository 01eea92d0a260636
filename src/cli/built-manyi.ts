import { rmSync } from 'node:fs'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServer } from '../../scripts/build.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Set by the test run's global setup (test-build-dir.ts): a directory it removes when the run ends. */
export const BUILD_DIR_ENV = 'MANYI_TEST_BUILD_DIR'
/** Set by the same global setup: the CLI it compiled once for the whole run (manyi.js), used by every test process. */
export const BUILT_MANYI_ENV = 'MANYI_TEST_BUILT_MANYI'
let built: Promise<string> | undefined

/** Where test builds go: under node_modules/.cache, so the compiled code finds its packages. */
export function testBuildParent(): string {
  return join(ROOT, 'node_modules', '.cache', 'manyi-test-build')
}

/**
 * For tests that start the real CLI or server as a process: the command line of the CLI compiled the
 * way production runs it (scripts/build.mjs), from the sources as they are now, into a private
 * directory — never dist/, which may be missing (a fresh clone) or older than the sources. Built
 * once per test process (about a second), then each start runs plain JavaScript. It lives as long as
 * the test run (removed by its global teardown), not one test file: with shared modules
 * (isolate: false) later files of the same process use the same build.
 */
export function builtManyi(): Promise<string> {
  built ??= (async () => {
    const prebuilt = process.env[BUILT_MANYI_ENV]
    if (prebuilt) return prebuilt
    const runDir = process.env[BUILD_DIR_ENV]
    const parent = runDir ?? testBuildParent()
    await mkdir(parent, { recursive: true })
    const dir = await mkdtemp(join(parent, 'build-'))
    // Without the global setup nothing else removes it; best effort when the process exits.
    if (!runDir) process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    await buildServer(dir)
    return join(dir, 'manyi.js')
  })()
  return built
}
