import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect } from 'vitest'
import { runManyi } from '../test-cli.js'

/**
 * Test-only: a folder for one test file's input files of `manyi analyze` (removed after its tests),
 * `csv(...lines)` writing a new file there and answering its path, and runs of `manyi analyze …args
 * --json` that expect exit 0 (`ok`, answering the printed JSON) or exit 2 with an error code
 * (`refused`, answering the error).
 */
export function useAnalyzeFiles(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `manyi-${name}-`))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  let files = 0
  return {
    dir,
    csv(...lines: string[]): string {
      const path = join(dir, `f${files++}.csv`)
      writeFileSync(path, `${lines.join('\n')}\n`)
      return path
    },
    ok: analyzeOk,
    async refused(code: string, ...args: string[]) {
      const run = await runManyi(['analyze', ...args, '--json'])
      expect(run.code, run.stdout + run.stderr).toBe(2)
      const { error } = JSON.parse(run.stdout)
      expect(error.code, error.message).toBe(code)
      return error
    },
  }
}

async function analyzeOk(...args: string[]) {
  const run = await runManyi(['analyze', ...args, '--json'])
  expect(run.code, run.stdout + run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}
