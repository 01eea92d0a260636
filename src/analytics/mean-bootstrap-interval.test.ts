import { describe, expect, it } from 'vitest'
import { meanIntervalWithinRange } from './mean-bootstrap-interval.js'

describe('meanIntervalWithinRange (BCa bootstrap of a mean, kept within the values)', () => {
  // 30 customers after a complaint: 18 bought nothing again, 12 spent something.
  const spend = [...Array<number>(18).fill(0), 12.5, 20, 35, 8, 150, 60, 22, 9.9, 310, 45, 18, 75]

  it("agrees with scipy.stats.bootstrap(method='BCa') within the resampling error", () => {
    // scipy 1.17, n_resamples=100,000, seeds 0–2: 10.81–10.86 … 64.03–64.14 (mean 25.513).
    // The Student-t interval would be 2.20 … 48.83, symmetric about the mean.
    const [low, high] = meanIntervalWithinRange(spend)!
    expect(low).toBeGreaterThan(10.84 - 1.5)
    expect(low).toBeLessThan(10.84 + 1.5)
    expect(high).toBeGreaterThan(64.08 - 4)
    expect(high).toBeLessThan(64.08 + 4)
  })

  it('never goes below zero for tiny n, where the t interval does', () => {
    // t interval: −65.47 … 125.47. Resampled means are 0, 30, 60, 90 or 120; with Efron's
    // ẑ₀ = Φ⁻¹(#{θ* < θ̂}/B) (bca-interval.ts) the upper end is the 0.894 quantile, 60
    // (scipy counts ties at θ̂ half, ẑ₀ ≈ 0.07, and gives 0 … 90).
    expect(meanIntervalWithinRange([0, 0, 0, 120])).toEqual([0, 60])
    expect(meanIntervalWithinRange([0, 5])![0]).toBeGreaterThanOrEqual(0)
  })

  it('is the same every run, a point for constant values, and null below two values', () => {
    expect(meanIntervalWithinRange(spend)).toEqual(meanIntervalWithinRange(spend))
    expect(meanIntervalWithinRange([7, 7, 7])).toEqual([7, 7])
    expect(meanIntervalWithinRange([7])).toBeNull()
    expect(meanIntervalWithinRange([])).toBeNull()
  })

  it('uses the t interval, kept within the values, for large n', () => {
    const many = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 100 : 0))
    const sd = Math.sqrt((100 * 90 ** 2 + 900 * 10 ** 2) / 999) // mean 10
    const half = 1.962341 * (sd / Math.sqrt(1000)) // t₀.₉₇₅,₉₉₉
    const [low, high] = meanIntervalWithinRange(many)!
    expect(low).toBeCloseTo(10 - half, 4)
    expect(high).toBeCloseTo(10 + half, 4)
  })

  it('refuses values that are not numbers', () => {
    expect(() => meanIntervalWithinRange([1, Number.NaN])).toThrow(/values\[1\]/)
  })
})
