import { describe, expect, it } from 'vitest'
import { meanWithInterval } from './mean-interval.js'

describe('meanWithInterval', () => {
  it('gives the t interval SciPy gives (mean ± t.ppf(0.975, 5)·s/√6)', () => {
    const result = meanWithInterval([3.2, 4.0, 4.6, 2.8, 3.6, 5.0], [1, 5])
    expect(result.n).toBe(6)
    expect(result.mean).toBeCloseTo(3.866666666666667, 12)
    expect(result.ci95![0]).toBeCloseTo(2.9894824252542103, 9)
    expect(result.ci95![1]).toBeCloseTo(4.743850908079124, 9)
  })

  it('clips to the scale, gives no interval below 5 values and refuses values off the scale', () => {
    expect(meanWithInterval([5, 5, 5, 5, 4], [1, 5]).ci95![1]).toBe(5)
    expect(meanWithInterval([4, 5], [1, 5])).toEqual({ n: 2, mean: 4.5, ci95: null })
    expect(meanWithInterval([], [1, 5])).toEqual({ n: 0, mean: null, ci95: null })
    expect(() => meanWithInterval([4, 6], [1, 5])).toThrow(/value 6 is outside 1…5/)
    expect(() => meanWithInterval([Number.NaN], [1, 5])).toThrow(/outside/)
  })
})
