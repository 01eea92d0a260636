import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readNumericCsv } from '../../analytics/__fixtures__/read-fixture.js'
import { blindfoldingQ2 } from '../../analytics/pls-blindfolding.js'
import { runManyi } from '../test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-blindfolding-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const seminr = JSON.parse(
  readFileSync('src/analytics/__fixtures__/seminr_mobi_plsc_htmt_fsquared.json', 'utf8'),
)
const modelFile = join(dir, 'model.json')
writeFileSync(modelFile, JSON.stringify(seminr.model))
const mobi = 'src/analytics/__fixtures__/ecsi_mobi.csv'
const plspm = (...extra: string[]) =>
  runManyi([
    'analyze',
    'plspm',
    '--input',
    mobi,
    '--model',
    modelFile,
    '--folds',
    '0',
    ...extra,
    '--json',
  ])

describe('manyi analyze plspm: blindfolding Q²', () => {
  it('reports the cross-validated redundancy Q² beside the paths (D = 7 by default)', async () => {
    const run = await plspm()
    expect(run.code, run.stderr).toBe(0)
    const { blindfolding } = JSON.parse(run.stdout)
    const columns = readNumericCsv('ecsi_mobi.csv')
    const direct = blindfoldingQ2(seminr.model, columns, { omissionDistance: 7 })
    expect(blindfolding.omissionDistance).toBe(7)
    expect(blindfolding.constructs.map((c: { construct: string }) => c.construct)).toEqual(
      direct.constructs.map((c) => c.construct),
    )
    blindfolding.constructs.forEach((c: { q2: number }, k: number) =>
      expect(c.q2).toBeCloseTo(direct.constructs[k]!.q2, 12),
    )
  })

  it('--omission-distance 0 leaves it out; 1 is refused', async () => {
    const none = await plspm('--omission-distance', '0')
    expect(JSON.parse(none.stdout).blindfolding).toBeUndefined()
    const one = await plspm('--omission-distance', '1')
    expect(one.code).toBe(2)
    expect(JSON.parse(one.stdout).error.code).toBe('OPTION_INVALID')
  })
})
