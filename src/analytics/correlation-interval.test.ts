import { describe, expect, it } from 'vitest'
import { correlationWithInterval } from './correlation-interval.js'

describe('correlationWithInterval', () => {
  it('gives Pearson r and the Fisher z interval SciPy 1.17 pearsonr reports', () => {
    // scipy.stats.pearsonr(x, y).confidence_interval(0.95) on these seven pairs.
    const x = [3.2, 4.1, 3.8, 2.9, 4.4, 3.5, 4.0]
    const y = [61, 80, 70, 55, 85, 66, 72]
    const result = correlationWithInterval(x, y)
    expect(result.n).toBe(7)
    expect(result.r).toBeCloseTo(0.9798227787653913, 12)
    expect(result.ci95[0]).toBeCloseTo(0.8650632786171583, 6)
    expect(result.ci95[1]).toBeCloseTo(0.9971329156805964, 6)
  })

  it('gives [r, r] for a perfect line and refuses what has no correlation', () => {
    expect(correlationWithInterval([1, 2, 3, 4], [2, 4, 6, 8]).ci95).toEqual([1, 1])
    expect(() => correlationWithInterval([1, 2, 3], [1, 2, 3])).toThrow(/too few/)
    expect(() => correlationWithInterval([1, 1, 1, 1], [1, 2, 3, 4])).toThrow(/same value/)
    expect(() => correlationWithInterval([1, 2, 3, 4], [1, 2, 3])).toThrow(/4 values and y 3/)
    expect(() => correlationWithInterval([1, 2, Number.NaN, 4], [1, 2, 3, 4])).toThrow(/pair 2/)
  })
})
