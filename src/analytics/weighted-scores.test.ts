import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { readJsonFixture } from './__fixtures__/read-fixture.js'
import { computeNps } from './nps.js'
import { npsScoreInterval } from './nps-score-interval.js'
import {
  meanImpute,
  weightedMean,
  weightedNps,
  weightedShareAtLeast,
  weightSummary,
} from './weighted-scores.js'

const reference = readJsonFixture('nps_reference.json')

describe('NPS score interval (Tango-type)', () => {
  it('with no passives is 2·Wilson − 1 of the promoter share (R prop.test, correct = FALSE)', () => {
    const { top2box_count: x, n, wilson_95: wilson } = reference.csat_top2box_example
    const [low, high] = npsScoreInterval(x, n - x, n)!
    expect(low).toBeCloseTo(100 * (2 * wilson.lower - 1), 9)
    expect(high).toBeCloseTo(100 * (2 * wilson.upper - 1), 9)
  })

  it('is close to Rocks’ adjusted Wald at n = 1000 (NPS::testdata) and contains the estimate', () => {
    const all = reference.overall
    const [low, high] = npsScoreInterval(all.promoters, all.detractors, all.n)!
    const adjusted = all.adjusted_wald_95_rocks2016
    expect(Math.abs(low - 100 * adjusted.lower)).toBeLessThan(0.1)
    expect(Math.abs(high - 100 * adjusted.upper)).toBeLessThan(0.1)
    expect(low).toBeLessThan(10)
    expect(high).toBeGreaterThan(10)
  })

  it('stays within −100…100 where the adjusted Wald does not (twenty 10s; n = 1)', () => {
    const [low, high] = npsScoreInterval(20, 0, 20)!
    expect(high).toBe(100)
    expect(low).toBeGreaterThan(60)
    expect(low).toBeLessThan(100)
    // The score statistic at the lower bound is z: the bound is a real inversion.
    const one = npsScoreInterval(0, 1, 1)!
    expect(one[0]).toBe(-100)
    expect(one[1]).toBeGreaterThan(-100)
    expect(one[1]).toBeLessThan(100)
    for (const [p, d, n] of [
      [3, 2, 7],
      [0, 0, 5],
      [5, 5, 10],
      [1, 9, 10],
    ] as const) {
      const [l, h] = npsScoreInterval(p, d, n)!
      const estimate = (100 * (p - d)) / n
      expect(l).toBeLessThanOrEqual(estimate)
      expect(h).toBeGreaterThanOrEqual(estimate)
      expect(l).toBeGreaterThanOrEqual(-100)
      expect(h).toBeLessThanOrEqual(100)
    }
    expect(computeNps({ promoters: 20, passives: 0, detractors: 0 }).nps).toBe(100)
  })

  it('refuses impossible counts', () => {
    expect(() => npsScoreInterval(6, 6, 10)).toThrow(AppError)
    expect(() => npsScoreInterval(-1, 0, 10)).toThrow(AppError)
    expect(npsScoreInterval(0, 0, 0)).toBeNull()
  })
})

describe('respondent weights (Kish)', () => {
  it('equal weights give the unweighted figures and n_eff = n', () => {
    const scores = [10, 9, 9, 8, 7, 6, 3, 10, 0, 9]
    const result = weightedNps(
      scores,
      scores.map(() => 2.5),
    )
    const plain = computeNps({ promoters: 5, passives: 2, detractors: 3 })
    expect(result.nps).toBeCloseTo(plain.nps!, 12)
    expect(result.effectiveN).toBeCloseTo(10, 12)
    expect(result.designEffect).toBeCloseTo(1, 12)
    expect(result.ci95).toEqual(npsScoreInterval(5, 3, 10))
  })

  it('Kish n_eff = (Σw)²/Σw² and deff = 1 + CV²', () => {
    // Weights 1, 1, 2, 4: Σw = 8, Σw² = 22, n_eff = 64/22, deff = 4·22/64 = 1.375.
    const summary = weightSummary([1, 1, 2, 4])
    expect(summary.effectiveN).toBeCloseTo(64 / 22, 14)
    expect(summary.designEffect).toBeCloseTo(1.375, 14)
  })

  it('weighted shares and means follow the weights', () => {
    const share = weightedShareAtLeast([5, 4, 2, 1], [1, 1, 2, 4], 4)
    expect(share.share).toBeCloseTo(25, 12)
    expect(share.ci95[0]).toBeLessThan(25)
    expect(share.ci95[1]).toBeGreaterThan(25)
    // No answer in the box, weights 1, 9, 6, 9 (the property test's case): the interval starts at
    // 0 exactly; it started a rounding step below (−5.6e−15).
    const none = weightedShareAtLeast([1, 1, 1, 1], [1, 9, 6, 9], 5)
    expect(none.share).toBe(0)
    expect(none.ci95[0]).toBe(0)
    expect(none.ci95[1]).toBeGreaterThan(0)
    const all = weightedShareAtLeast([5, 5, 5, 5], [1, 9, 6, 9], 5)
    expect(all.ci95[1]).toBeLessThanOrEqual(100)
    const mean = weightedMean([5, 4, 2, 1], [1, 1, 2, 4])
    expect(mean.mean).toBeCloseTo(17 / 8, 14)
    // √(4/3·Σw²(x − x̄)²)/Σw by hand: Σw²(x − 17/8)² = 8.265625 + 3.515625 + 0.0625 + 20.25.
    expect(mean.se).toBeCloseTo(Math.sqrt((4 / 3) * 32.09375) / 8, 14)
    // Equal weights: the SE of the mean, s/√n.
    const equal = weightedMean([1, 2, 3, 4, 5], [3, 3, 3, 3, 3])
    expect(equal.se).toBeCloseTo(Math.sqrt(2.5 / 5), 14)
  })

  it('refuses negative, non-finite and all-zero weights', () => {
    expect(() => weightSummary([1, -1])).toThrow(AppError)
    expect(() => weightSummary([1, Number.NaN])).toThrow(AppError)
    expect(() => weightSummary([0, 0])).toThrow(AppError)
    expect(() => weightedNps([11], [1])).toThrow()
  })
})

describe('mean imputation', () => {
  it('fills blanks with the column mean and says how many', () => {
    expect(meanImpute([1, null, 3, null])).toEqual({ values: [1, 2, 3, 2], imputed: 2, mean: 2 })
  })
})
