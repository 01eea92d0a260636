import { describe, expect, it } from 'vitest'
import { describeScaleItem } from './scale-item.js'

describe('describeScaleItem', () => {
  it('gives the mean, its t interval clipped to the scale, the distribution and the top-two share', () => {
    // Hand-computed: mean 23/6, s² = (41/6)/5, t(0.975, 5) = 2.570582, half = t·s/√6.
    const r = describeScaleItem([4, 5, 3, 4, 5, 2], 1, 5)
    const sd = Math.sqrt(41 / 6 / 5)
    expect(r.n).toBe(6)
    expect(r.mean).toBeCloseTo(23 / 6, 12)
    expect(r.sd).toBeCloseTo(sd, 12)
    expect(r.sd).toBeCloseTo(1.169045, 6)
    // 23/6 − 1.226838 = 2.606496; the upper end 5.060171 is clipped to the scale's 5.
    expect(r.ci95![0]).toBeCloseTo(2.606496, 5)
    expect(r.ci95![1]).toBe(5)
    expect(r.distribution).toEqual([0, 1, 1, 2, 2])
    expect(r.topTwoShare).toBeCloseTo(400 / 6, 12)
    expect(r.lowConfidence).toBe(true)
  })

  it('says there is no interval below five answers, and ignores answers off the scale', () => {
    const r = describeScaleItem([9, 10, 8, 11, 0, 7.5], 1, 10)
    expect(r).toMatchObject({ n: 3, mean: 9, ci95: null, topTwoShare: 200 / 3 })
    expect(r.distribution).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1])
    expect(describeScaleItem([], 1, 7)).toMatchObject({ n: 0, mean: null, sd: null, ci95: null })
  })
})
