import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-pls-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const seminr = JSON.parse(
  readFileSync('src/analytics/__fixtures__/seminr_mobi_plsc_htmt_fsquared.json', 'utf8'),
)
const modelFile = join(dir, 'model.json')
writeFileSync(modelFile, JSON.stringify(seminr.model))
const mobi = 'src/analytics/__fixtures__/ecsi_mobi.csv'

describe('manyi analyze plspm: PLSc, assessment, PLSpredict', () => {
  it('--consistent gives seminr’s PLSc paths; HTMT, SRMR, f² and Q²_predict are printed', async () => {
    const run = await runManyi([
      'analyze',
      'plspm',
      '--input',
      mobi,
      '--model',
      modelFile,
      '--scheme',
      'factorial',
      '--consistent',
      '--folds',
      '5',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.consistent).toBe(true)
    for (const [from, value] of Object.entries(seminr.plsc_factorial.paths))
      expect(result.paths.find((p: { from: string }) => p.from === from).coefficient).toBeCloseTo(
        value as number,
        6,
      )
    expect(result.htmt).toHaveLength(6)
    expect(typeof result.srmr).toBe('number')
    expect(result.fSquared).toHaveLength(3)
    expect(result.folds).toBe(5)
    expect(result.q2predict[0].q2predict).toBeGreaterThan(0)
    const text = await runManyi([
      'analyze',
      'plspm',
      '--input',
      mobi,
      '--model',
      modelFile,
      '--folds',
      '0',
    ])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/htmt:\n\s+a\s+b\s+value/)
    expect(text.stdout).toMatch(/srmr: 0\.\d{4}/)
    expect(text.stdout).not.toMatch(/q2predict/)
  })

  it('--folds 1 and an indicator as --group are refused with exit 2', async () => {
    const folds = await runManyi([
      'analyze',
      'plspm',
      '--input',
      mobi,
      '--model',
      modelFile,
      '--folds',
      '1',
      '--json',
    ])
    expect(folds.code).toBe(2)
    expect(JSON.parse(folds.stdout).error.code).toBe('OPTION_INVALID')
    const group = await runManyi([
      'analyze',
      'plspm',
      '--input',
      mobi,
      '--model',
      modelFile,
      '--group',
      'IMAG1',
      '--json',
    ])
    expect(group.code).toBe(2)
    expect(JSON.parse(group.stdout).error).toMatchObject({
      code: 'OPTION_INVALID',
      details: [{ path: '--group' }],
    })
  })
})
