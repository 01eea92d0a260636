import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useAnalyzeFiles } from './test-files.js'

// Blank answers in drivers, IPA and PLS: listwise by default, pairwise deletion where only
// correlations are read, mean or EM imputation; how they were handled is always in missingData.
// Each figure is checked against the same method on a file where the handling was done by hand.

const { dir, csv, ok, refused } = useAnalyzeFiles('missing')

const ROWS = [
  ['7', '6', '5'],
  ['5', '5', '3'],
  ['9', '8', '7'],
  ['4', '', '5'],
  ['6', '6', ''],
  ['8', '6', '8'],
  ['3', '3', '2'],
  ['6', '', '4'],
  ['5', '4', '5'],
]
const withBlanks = csv('y,p,q', ...ROWS.map((r) => r.join(',')))
/** The rows where every named column (0 y, 1 p, 2 q) is answered, as a file. */
const onlyRows = (...cols: number[]) =>
  csv(
    ['y', 'p', 'q'].filter((_, k) => cols.includes(k)).join(','),
    ...ROWS.filter((r) => cols.every((k) => r[k] !== '')).map((r) =>
      cols.map((k) => r[k]).join(','),
    ),
  )

describe('missing data is always reported', () => {
  it('listwise by default: rows used and dropped', async () => {
    const result = await ok(
      'drivers',
      '--input',
      withBlanks,
      '--outcome',
      'y',
      '--predictors',
      'p,q',
    )
    expect(result.missingData).toEqual({ handling: 'listwise', rowsUsed: 6, rowsDropped: 3 })
  })
})

describe('pairwise deletion', () => {
  it('IPA correlation importance: each attribute over the rows answering it and the outcome', async () => {
    const result = await ok(
      'ipa',
      '--input',
      withBlanks,
      '--outcome',
      'y',
      '--attributes',
      'p,q',
      '--impute',
      'pairwise',
    )
    const p = await ok('ipa', '--input', onlyRows(0, 1), '--outcome', 'y', '--attributes', 'p')
    const q = await ok('ipa', '--input', onlyRows(0, 2), '--outcome', 'y', '--attributes', 'q')
    expect(result.attributes[0].importance).toBeCloseTo(p.attributes[0].importance, 14)
    expect(result.attributes[1].importance).toBeCloseTo(q.attributes[0].importance, 14)
    // Performance: the mean of every answer (p: 38/7, q: 39/8).
    expect(result.attributes[0].performance).toBeCloseTo(38 / 7, 14)
    expect(result.attributes[1].performance).toBeCloseTo(39 / 8, 14)
    // The fewest rows behind a correlation: p with q, answered together in 6 rows.
    expect(result.missingData).toEqual({
      handling: 'pairwise',
      rowsUsed: 9,
      rowsDropped: 0,
      minPairs: 6,
    })
  })

  it('drivers: the same weights as listwise when nothing is blank; no regression table', async () => {
    const complete = onlyRows(0, 1, 2)
    const args = ['--outcome', 'y', '--predictors', 'p,q']
    const listwise = await ok('drivers', '--input', complete, ...args)
    const pairwise = await ok('drivers', '--input', complete, ...args, '--impute', 'pairwise')
    pairwise.drivers.forEach((d: { weight: number }, k: number) =>
      expect(d.weight).toBeCloseTo(listwise.drivers[k].weight, 14),
    )
    expect(pairwise.regression).toBeNull()
    expect(pairwise.regressionOmitted).toMatch(/standard errors/)
    const blanks = await ok('drivers', '--input', withBlanks, ...args, '--impute', 'pairwise')
    expect(blanks.n).toBe(6)
    expect(blanks.rSquared).toBeGreaterThan(0)
    await refused(
      'OPTION_INVALID',
      'drivers',
      '--input',
      withBlanks,
      ...args,
      '--impute',
      'pairwise',
      '--bootstrap',
      '10',
    )
  })
})

describe('imputation', () => {
  it('IPA --impute mean equals IPA on the file with each blank replaced by its column mean', async () => {
    // p's mean over the 9 rows that have y: 38/7; q's: 39/8.
    const filled = csv(
      'y,p,q',
      ...ROWS.map((r) => [r[0], r[1] || String(38 / 7), r[2] || String(39 / 8)].join(',')),
    )
    const args = ['--outcome', 'y', '--attributes', 'p,q', '--importance', 'beta']
    const a = await ok('ipa', '--input', withBlanks, ...args, '--impute', 'mean')
    const b = await ok('ipa', '--input', filled, ...args)
    a.attributes.forEach((x: { importance: number; performance: number }, k: number) => {
      expect(x.importance).toBeCloseTo(b.attributes[k].importance, 12)
      expect(x.performance).toBeCloseTo(b.attributes[k].performance, 12)
    })
    expect(a.missingData).toEqual({
      handling: 'mean',
      rowsUsed: 9,
      rowsDropped: 0,
      imputedCells: { y: 0, p: 2, q: 1 },
    })
  })

  it('PLS --impute mean and em: every row kept, cells filled reported; pairwise is not offered', async () => {
    const model = join(dir, 'model.json')
    writeFileSync(
      model,
      JSON.stringify({
        constructs: { P: ['p', 'q'], Y: ['y'] },
        paths: [{ from: 'P', to: 'Y' }],
      }),
    )
    const filled = csv(
      'y,p,q',
      ...ROWS.map((r) => [r[0], r[1] || String(38 / 7), r[2] || String(39 / 8)].join(',')),
    )
    const args = ['--model', model, '--scale-max', '10']
    const a = await ok('plspm', '--input', withBlanks, ...args, '--impute', 'mean')
    const b = await ok('plspm', '--input', filled, ...args)
    expect(a.paths[0].coefficient).toBeCloseTo(b.paths[0].coefficient, 12)
    expect(a.n).toBe(9)
    expect(a.missingData.imputedCells).toEqual({ p: 2, q: 1, y: 0 })
    const em = await ok('plspm', '--input', withBlanks, ...args, '--impute', 'em')
    expect(em.missingData.handling).toBe('em')
    expect(em.n).toBe(9)
    const listwise = await ok('plspm', '--input', withBlanks, ...args)
    expect(listwise.missingData).toEqual({ handling: 'listwise', rowsUsed: 6, rowsDropped: 3 })
    await refused(
      'VALIDATION_FAILED',
      'plspm',
      '--input',
      withBlanks,
      ...args,
      '--impute',
      'pairwise',
    )
  })
})
