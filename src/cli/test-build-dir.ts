import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { BUILD_DIR_ENV, testBuildParent } from './built-manyi.js'

/**
 * Vitest global setup (vitest.config.ts): one directory for the run's compiled CLI builds
 * (built-manyi.ts), removed when the run ends — test worker processes are stopped without an
 * exit event, so they cannot clean up after themselves.
 */
export default function setup(): () => void {
  mkdirSync(testBuildParent(), { recursive: true })
  const dir = mkdtempSync(join(testBuildParent(), 'run-'))
  process.env[BUILD_DIR_ENV] = dir
  return () => rmSync(dir, { recursive: true, force: true })
}
