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

describe('alpha with pairwise deletion', () => {
  // Each covariance over the rows answering both items, as psych::alpha reads
  // cov(x, use = "pairwise"); the expected figures were worked with NumPy from those covariances
  // (k/(k − 1)·(1 − tr S/ΣS), item–total r = Σ_j S_ij/√(S_ii·ΣΣ S_rest)).
  const rows = [
    '5,4,3',
    '4,,3',
    '2,1,2',
    '3,4,',
    '1,2,3',
    '4,3,4',
    ',3,3',
    '5,4,4',
    '2,3,1',
    '3,2,4',
    '4,4,2',
    '1,1,2',
  ]

  it('keeps every row, a blank costing only its pairs; Feldt on the fewest rows of a pair', async () => {
    const file = csv('a,b,c', ...rows)
    const result = await ok('alpha', '--input', file, '--items', 'a,b,c', '--impute', 'pairwise')
    expect(result.alpha).toBeCloseTo(0.7979884442542261, 12)
    expect(result.standardizedAlpha).toBeCloseTo(0.7860884178146268, 12)
    expect(result.n).toBe(10)
    expect(result.missingData).toEqual({
      handling: 'pairwise',
      rowsUsed: 12,
      rowsDropped: 0,
      minPairs: 10,
    })
    const expected = [
      [0.9177243549985018, 0.3728813559322033],
      [0.6791884416716846, 0.6874999999999998],
      [0.43142957082516004, 0.9108280254777068],
    ]
    result.items.forEach(
      (item: { itemTotalCorrelation: number; alphaIfDeleted: number }, i: number) => {
        expect(item.itemTotalCorrelation).toBeCloseTo(expected[i]![0]!, 12)
        expect(item.alphaIfDeleted).toBeCloseTo(expected[i]![1]!, 12)
      },
    )
    const listwise = await ok('alpha', '--input', file, '--items', 'a,b,c')
    expect(listwise.missingData).toEqual({ handling: 'listwise', rowsUsed: 9, rowsDropped: 3 })
  })

  it('equals listwise when nothing is blank', async () => {
    const complete = csv('a,b,c', ...rows.filter((r) => !r.split(',').includes('')))
    const items = ['--input', complete, '--items', 'a,b,c']
    const pairwise = await ok('alpha', ...items, '--impute', 'pairwise')
    const listwise = await ok('alpha', ...items)
    expect(pairwise.alpha).toBeCloseTo(listwise.alpha, 12)
    expect(pairwise.omega.omega).toBeCloseTo(listwise.omega.omega, 6)
    expect(pairwise.ci95[0]).toBeCloseTo(listwise.ci95[0], 12)
  })

  it('refuses covariances no complete data could have, and weights', async () => {
    // Pairs from different rows: the implied correlations have a negative eigenvalue (−0.134),
    // and α would come out as 1.009.
    const odd = csv('a,b,c', '5,4,5', '4,,3', '2,1,2', '3,3,', '1,2,1', '4,5,4', ',3,3', '5,5,4')
    const indefinite = await refused(
      'SINGULAR_MATRIX',
      'alpha',
      '--input',
      odd,
      '--items',
      'a,b,c',
      '--impute',
      'pairwise',
    )
    // Offers what reliability has (listwise), not the EM imputation it does not offer.
    expect(indefinite.message).toContain('listwise deletion (leave out --impute)')
    expect(indefinite.details[0].allowed).toBe('none')
    const weighted = csv('a,b,c,w', ...rows.map((r) => `${r},1`))
    await refused(
      'OPTION_INVALID',
      'alpha',
      '--input',
      weighted,
      '--items',
      'a,b,c',
      '--impute',
      'pairwise',
      '--weight',
      'w',
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
    await refused('OPTION_INVALID', 'plspm', '--input', withBlanks, ...args, '--impute', 'pairwise')
  })
})
