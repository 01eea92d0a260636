import { describe, expect, it } from 'vitest'
import { paretoOf, quantileSorted } from './pareto.js'

describe('paretoOf', () => {
  it('orders causes, accumulates shares and marks the vital few up to 80%', () => {
    const rows = paretoOf([
      { key: 'wait_time', count: 30 },
      { key: 'billing', count: 10 },
      { key: 'staff_attitude', count: 45 },
      { key: 'delivery', count: 15 },
      { key: 'other', count: 0 },
    ])
    expect(rows.map((r) => [r.key, r.count, r.share, r.cumulativeShare, r.vital])).toEqual([
      ['staff_attitude', 45, 0.45, 0.45, true],
      ['wait_time', 30, 0.3, 0.75, true],
      ['delivery', 15, 0.15, 0.9, true],
      ['billing', 10, 0.1, 1, false],
    ])
  })

  it('is empty without counts', () => {
    expect(paretoOf([{ key: 'a', count: 0 }])).toEqual([])
  })
})

describe('quantileSorted', () => {
  // R: quantile(c(1, 2, 4, 7, 11), c(0.5, 0.9)) gives 4 and 9.4 (type 7, Hyndman & Fan 1996; docs/methods.md#sources).
  it('matches R’s default quantile', () => {
    expect(quantileSorted([1, 2, 4, 7, 11], 0.5)).toBe(4)
    expect(quantileSorted([1, 2, 4, 7, 11], 0.9)).toBeCloseTo(9.4, 12)
    expect(quantileSorted([], 0.5)).toBeNull()
  })
})
