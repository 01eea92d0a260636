import { describe, expect, it } from 'vitest'
import { useAnalyzeFiles } from './test-files.js'

// NPS, CSAT and CES by group (--by) and by month (--period), each against the rest and two
// against each other (--groups); figures worked by hand and p-values as R gives them.

const { csv, ok, refused } = useAnalyzeFiles('compare')

const stores = csv(
  '门店,日期,nps,csat,ces,w',
  'A,2026-09-03,10,5,5,1',
  'A,2026-09-15,10,5,6,1',
  'A,2026/9/28 10:12,9,4,7,1',
  'A,2026-10-02,0,2,2,1',
  'B,2026-10-05,0,1,3,1',
  'B,2026-10-09,0,2,4,1',
  'B,2026-10-30,5,4,,1',
  'B,,9,3,,1',
)

describe('manyi analyze nps|csat|ces --by / --period', () => {
  it('nps --by: each store against the rest (Rocks 2016), two stores against each other', async () => {
    const result = await ok('nps', '--input', stores, '--column', 'nps', '--by', '门店')
    expect(result.nps).toBe(0)
    const [a, b] = result.comparison.groups
    // A: 3 promoters, 1 detractor of 4 → 50; B: 1 promoter, 3 detractors → −50.
    expect(a).toMatchObject({ group: 'A', n: 4, nps: 50 })
    expect(b).toMatchObject({ group: 'B', n: 4, nps: -50 })
    // Var = p + d − (p − d)² = 0.75 each; SE = √(0.75/4 + 0.75/4) = 0.6124; z = 1/0.6124 = 1.633.
    expect(a.vsRest.difference).toBe(100)
    expect(a.vsRest.statistic).toBeCloseTo(1 / Math.sqrt(0.375), 12)
    expect(a.vsRest.pValue).toBeCloseTo(0.1025, 4)
    expect(a.vsRest.significant).toBe(false)
    expect(b.vsRest.difference).toBe(-100)
    const pair = await ok(
      'nps',
      '--input',
      stores,
      '--column',
      'nps',
      '--by',
      '门店',
      '--groups',
      'B,A',
    )
    expect(pair.comparison.pair.a).toBe('B')
    expect(pair.comparison.pair.test.difference).toBe(-100)
    const [low, high] = pair.comparison.pair.test.ci95
    // Wald: −100 ± 196·√0.375 = −220.0 … 20.0, its lower end kept at −200 (the least possible).
    expect(low).toBe(-200)
    expect(high).toBeCloseTo(-100 + 196 * Math.sqrt(0.375), 0)
  })

  it('csat --by: the top-box shares by the pooled two-proportion z test (prop.test: χ² 2, p 0.1573)', async () => {
    const result = await ok('csat', '--input', stores, '--column', 'csat', '--by', '门店')
    const [a, b] = result.comparison.groups
    expect(a).toMatchObject({ group: 'A', n: 4, csat: 75 })
    expect(b).toMatchObject({ group: 'B', n: 4, csat: 25 })
    expect(a.vsRest.difference).toBe(50)
    expect(a.vsRest.statistic ** 2).toBeCloseTo(2, 12)
    expect(a.vsRest.pValue).toBeCloseTo(0.1573, 4)
  })

  it('ces --period: calendar months, Welch’s t as R’s t.test(c(5,6,7), c(2,3,4)): t 3.674, df 4, p 0.0213', async () => {
    const result = await ok(
      'ces',
      '--input',
      stores,
      '--column',
      'ces',
      '--period',
      '日期',
      '--groups',
      '2026-09,2026-10',
    )
    expect(result.comparison.kind).toBe('month')
    expect(result.comparison.groups.map((g: { group: string }) => g.group)).toEqual([
      '2026-09',
      '2026-10',
    ])
    expect(result.comparison.groups[0]).toMatchObject({ n: 3, mean: 6 })
    expect(result.comparison.groups[1]).toMatchObject({ n: 3, mean: 3 })
    const { test } = result.comparison.pair
    expect(test.difference).toBe(3)
    expect(test.statistic).toBeCloseTo(3 / Math.sqrt(2 / 3), 12)
    expect(test.df).toBeCloseTo(4, 12)
    expect(test.pValue).toBeCloseTo(0.0213, 4)
    expect(test.significant).toBe(true)
  })

  it('keeps an NPS difference’s interval within −200…200', async () => {
    // A: 10, 9, 3 (NPS 33.3); B: 0, 5 (−100): Wald 133.3 ± 1.96·54.4 would reach 240.
    const result = await ok(
      'nps',
      '--input',
      csv('g,nps', 'A,10', 'A,9', 'B,0', 'B,5', 'A,3'),
      '--column',
      'nps',
      '--by',
      'g',
      '--groups',
      'A,B',
    )
    const { test } = result.comparison.pair
    expect(test.difference).toBeCloseTo(400 / 3, 10)
    expect(test.ci95[1]).toBe(200)
    expect(test.ci95[0]).toBeLessThan(test.difference)
  })

  it('refuses an unknown group, a date that is not one, weights, and --by with --period', async () => {
    const error = await refused(
      'OPTION_INVALID',
      'nps',
      '--input',
      stores,
      '--column',
      'nps',
      '--by',
      '门店',
      '--groups',
      'A,C',
    )
    expect(error.details[0].allowed).toBe('A, B')
    await refused(
      'VALUE_OUT_OF_RANGE',
      'nps',
      '--input',
      stores,
      '--column',
      'nps',
      '--period',
      '门店',
    )
    await refused(
      'OPTION_INVALID',
      'nps',
      '--input',
      stores,
      '--column',
      'nps',
      '--by',
      '门店',
      '--weight',
      'w',
    )
    await refused(
      'OPTION_INVALID',
      'nps',
      '--input',
      stores,
      '--column',
      'nps',
      '--by',
      '门店',
      '--period',
      '日期',
    )
  })
})
