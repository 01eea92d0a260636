import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useAnalyzeFiles } from './test-files.js'

// Respondent weights (--weight) and raking to known shares (--rake) in every method where
// weighting has a meaning; each expected figure is worked by hand on the small files below.

const { dir, csv, ok, refused } = useAnalyzeFiles('weights')

// Three answers from store A (all promoters), one from store B (a detractor); the stores are
// half of the customers each.
const stores = csv('门店,渠道,nps', 'A,web,10', 'A,web,9', 'A,shop,10', 'B,shop,0')
const halves = JSON.stringify({ 门店: { A: 0.5, B: 0.5 } })

describe('manyi analyze with raked respondent weights', () => {
  it('nps: raking the stores to 50/50 gives NPS 0.5·100 − 0.5·100 = 0 and reports the margins', async () => {
    const result = await ok('nps', '--input', stores, '--column', 'nps', '--rake', halves)
    expect(result.nps).toBe(50)
    expect(result.weighted.nps).toBeCloseTo(0, 10)
    // Weights 2/3, 2/3, 2/3 and 2: n_eff = 16/(3·4/9 + 4) = 3.
    expect(result.weighted.effectiveN).toBeCloseTo(3, 10)
    const [a, b] = result.raking.margins[0].categories
    expect(a).toMatchObject({ category: 'A', target: 0.5, before: 0.75, respondents: 3 })
    expect(b.after).toBeCloseTo(0.5, 10)
    expect(result.raking.iterations).toBe(1)
  })

  it('crosstab: raked counts move the shares (store B weighs as much as A)', async () => {
    const result = await ok(
      'crosstab',
      '--input',
      stores,
      '--row',
      '门店',
      '--by',
      '渠道',
      '--rake',
      halves,
    )
    expect(result.weighted).toBe(true)
    // Rescaled to the 4 pairs: A 2 (web 4/3, shop 2/3), B 2 (shop 2).
    expect(result.rowTotals[0]).toBeCloseTo(2, 10)
    const bShop = result.cells[1][result.columns.indexOf('shop')]
    expect(bShop.count).toBeCloseTo(2, 10)
    expect(result.raking.margins[0].name).toBe('门店')
  })

  it('refuses margins no weights can meet (RAKING_NOT_CONVERGED) and a category without a target', async () => {
    // Store A answered only on the web and store B only in the shop: the A share must equal the
    // web share, but 0.5 ≠ 0.8.
    const error = await refused(
      'RAKING_NOT_CONVERGED',
      'nps',
      '--input',
      csv('门店,渠道,nps', 'A,web,10', 'B,shop,0'),
      '--column',
      'nps',
      '--rake',
      JSON.stringify({ 门店: { A: 0.5, B: 0.5 }, 渠道: { web: 0.8, shop: 0.2 } }),
    )
    expect(error.details[0].path).toMatch(/^rake\./)
    await refused(
      'OPTION_INVALID',
      'nps',
      '--input',
      stores,
      '--column',
      'nps',
      '--rake',
      JSON.stringify({ 门店: { A: 1 } }),
    )
    await refused('OPTION_INVALID', 'nps', '--input', stores, '--column', 'nps', '--rake', '{x')
  })
})

describe('manyi analyze with a weight column', () => {
  it('servqual: item and dimension gaps are weighted means over respondents', async () => {
    // Respondent 1 (weight 3): E 5, P 4 → gap −1; respondent 2 (weight 1): E 4, P 6 → gap +2.
    const file = csv('E_Q1,P_Q1,w', '5,4,3', '4,6,1')
    const result = await ok('servqual', '--input', file, '--weight', 'w')
    // (3·(−1) + 1·2)/4 = −0.25; expectation (15 + 4)/4 = 4.75, perception (12 + 6)/4 = 4.5.
    expect(result.items[0].gap).toBeCloseTo(-0.25, 12)
    expect(result.items[0].expectation).toBeCloseTo(4.75, 12)
    expect(result.dimensions[0].gap).toBeCloseTo(-0.25, 12)
    expect(result.weighting.column).toBe('w')
    const plain = await ok('servqual', '--input', file)
    expect(plain.items[0].gap).toBeCloseTo(0.5, 12)
  })

  it('csi: the index is the weighted mean of the respondents’ 0–100 scores', async () => {
    // 1–5 answers 5 (weight 1) and 1 (weight 3): scores 100 and 0 → (100 + 0·3)/4 = 25.
    const file = csv('q,w', '5,1', '1,3')
    const tree = JSON.stringify({ name: 'CSI', children: [{ name: 'q', column: 'q' }] })
    writeFileSync(join(dir, 'tree.json'), tree)
    const weighted = await ok(
      'csi',
      '--input',
      file,
      '--tree',
      join(dir, 'tree.json'),
      '--weight',
      'w',
    )
    expect(weighted.index.score).toBeCloseTo(25, 12)
    const plain = await ok('csi', '--input', file, '--tree', join(dir, 'tree.json'))
    expect(plain.index.score).toBeCloseTo(50, 12)
  })

  it('drivers: a weight of 2 gives what the row written twice gives (weighted least squares)', async () => {
    const rows = [
      [7, 6, 5, 2],
      [8, 7, 6, 1],
      [5, 4, 6, 1],
      [9, 9, 7, 2],
      [6, 5, 4, 1],
      [4, 5, 3, 2],
      [8, 6, 8, 1],
      [7, 7, 5, 1],
    ]
    const weighted = csv('y,a,b,w', ...rows.map((r) => r.join(',')))
    const repeated = csv(
      'y,a,b',
      ...rows.flatMap((r) => Array.from({ length: r[3]! }, () => r.slice(0, 3).join(','))),
    )
    const w = await ok(
      'drivers',
      '--input',
      weighted,
      '--outcome',
      'y',
      '--predictors',
      'a,b',
      '--weight',
      'w',
    )
    const r = await ok('drivers', '--input', repeated, '--outcome', 'y', '--predictors', 'a,b')
    expect(w.rSquared).toBeCloseTo(r.rSquared, 12)
    w.drivers.forEach((d: { weight: number }, j: number) =>
      expect(d.weight).toBeCloseTo(r.drivers[j].weight, 12),
    )
    w.regression.coefficients.forEach((c: { estimate: number }, j: number) =>
      expect(c.estimate).toBeCloseTo(r.regression.coefficients[j].estimate, 10),
    )
    // Degrees of freedom of the 8 rows, not of the 11 written-out ones.
    expect(w.regression.df).toBe(5)
    await refused(
      'OPTION_INVALID',
      'drivers',
      '--input',
      weighted,
      '--outcome',
      'y',
      '--predictors',
      'a,b',
      '--weight',
      'w',
      '--bootstrap',
      '100',
    )
  })

  it('value-balance: the ratio of weighted means', async () => {
    // Value 4 (w 1) and 2 (w 3): 2.5; price 2 and 2: 2 → 1.25.
    const file = csv('v,p,w,x', '4,2,1,3', '2,2,3,1', '3,1,1,2')
    const result = await ok(
      'value-balance',
      '--input',
      file,
      '--value',
      'v',
      '--price',
      'p',
      '--weight',
      'w',
    )
    // (4 + 6 + 3)/5 = 2.6 over (2 + 6 + 1)/5 = 1.8.
    expect(result.index).toBeCloseTo(2.6 / 1.8, 12)
    expect(result.weighting.column).toBe('w')
  })

  it('alpha and ω with weights: the figures of each row repeated as often as its weight', async () => {
    const rows = ['5,4,5', '4,4,3', '2,1,2', '3,3,4', '1,2,1', '4,5,4']
    const weights = [2, 1, 3, 1, 2, 1]
    const weighted = csv('a,b,c,w', ...rows.map((r, i) => `${r},${weights[i]}`))
    const repeated = csv('a,b,c', ...rows.flatMap((r, i) => Array(weights[i]).fill(r)))
    const items = ['--items', 'a,b,c']
    const byWeight = await ok('alpha', '--input', weighted, ...items, '--weight', 'w')
    const byRows = await ok('alpha', '--input', repeated, ...items)
    expect(byWeight.weighting.column).toBe('w')
    expect(byWeight.n).toBe(6)
    expect(byRows.n).toBe(10)
    expect(byWeight.alpha).toBeCloseTo(byRows.alpha, 12)
    expect(byWeight.standardizedAlpha).toBeCloseTo(byRows.standardizedAlpha, 12)
    byRows.items.forEach(
      (item: { itemTotalCorrelation: number; alphaIfDeleted: number }, i: number) => {
        expect(byWeight.items[i].itemTotalCorrelation).toBeCloseTo(item.itemTotalCorrelation, 12)
        expect(byWeight.items[i].alphaIfDeleted).toBeCloseTo(item.alphaIfDeleted, 12)
      },
    )
    expect(byWeight.omega.omega).toBeCloseTo(byRows.omega.omega, 6)
    // Feldt's interval on Kish's n: (Σw)²/Σw² = 100/20 = 5 rows' worth, not the 10 repeated rows.
    expect(byWeight.effectiveN).toBeCloseTo(5, 12)
    expect(byWeight.ci95[0]).toBeLessThan(byRows.ci95[0])
  })
})
