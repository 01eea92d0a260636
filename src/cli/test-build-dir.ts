import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildServer } from '../../scripts/build.mjs'
import { WORKER_ENTRY_ENV } from '../tabular/worker-read.js'
import { BUILD_DIR_ENV, BUILT_MANYI_ENV, testBuildParent } from './built-manyi.js'

/**
 * Vitest global setup (vitest.config.ts): one directory for the run's compiled CLI builds
 * (built-manyi.ts), removed when the run ends — test worker processes are stopped without an
 * exit event, so they cannot clean up after themselves. The current sources are compiled there
 * once (about a second), the way production runs them: tests that start the CLI or server as a
 * process use that build, and table worker threads start its compiled entry instead of compiling
 * their TypeScript at every start (worker-read.ts).
 */
export default async function setup(): Promise<() => void> {
  mkdirSync(testBuildParent(), { recursive: true })
  const dir = mkdtempSync(join(testBuildParent(), 'run-'))
  process.env[BUILD_DIR_ENV] = dir
  const build = join(dir, 'build')
  await buildServer(build)
  process.env[BUILT_MANYI_ENV] = join(build, 'manyi.js')
  process.env[WORKER_ENTRY_ENV] = pathToFileURL(join(build, 'table-worker.js')).href
  return () => rmSync(dir, { recursive: true, force: true })
}
