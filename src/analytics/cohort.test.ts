import { describe, expect, it } from 'vitest'
import { behaviourByGroup, cohortRetention, complaintRate, repurchaseRate } from './cohort.js'
import { wilsonInterval } from './proportion-interval.js'

// Worked examples made for the test; the intervals are Wilson's (R prop.test(correct = FALSE)).
const purchases = [
  { customer: 'a', period: 0 },
  { customer: 'a', period: 1 },
  { customer: 'b', period: 0 },
  { customer: 'b', period: 2 },
  { customer: 'c', period: 0 },
  { customer: 'd', period: 1 },
  { customer: 'd', period: 2 },
  { customer: 'd', period: 2 },
]

describe('cohortRetention and repurchaseRate', () => {
  it('groups customers by their first period and counts who returns k periods later', () => {
    const table = cohortRetention(purchases)
    expect(table.map((c) => [c.cohort, c.size])).toEqual([
      [0, 3],
      [1, 1],
    ])
    expect(table[0]!.retention.map((r) => r.active)).toEqual([3, 1, 1])
    expect(table[0]!.retention[1]!.share).toBeCloseTo(1 / 3, 12)
    expect(table[0]!.retention[1]!.ci95).toEqual(wilsonInterval(1, 3))
    expect(table[1]!.retention.map((r) => r.active)).toEqual([1, 1])
  })

  it('repurchase rate: 3 of 4 customers bought more than once', () => {
    const r = repurchaseRate(purchases)
    expect(r).toMatchObject({ customers: 4, repeat: 3, rate: 0.75 })
    // prop.test(3, 4, correct = FALSE)$conf.int: 0.3006418 0.9544127
    expect(r.ci95[0]).toBeCloseTo(0.3006418, 6)
    expect(r.ci95[1]).toBeCloseTo(0.9544127, 6)
  })

  it('refuses fractional periods', () => {
    expect(() => cohortRetention([{ customer: 'a', period: 1.5 }])).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
})

describe('complaintRate', () => {
  it('12 complainants among 8,000 customers: 15 per 10,000', () => {
    const r = complaintRate(12, 8000)
    expect(r.rate).toBe(15)
    const [lo, hi] = wilsonInterval(12, 8000)!
    expect(r.ci95).toEqual([lo * 10000, hi * 10000])
    expect(r.ci95[0]).toBeLessThan(15)
  })
  it('refuses more complainants than the base', () => {
    expect(() => complaintRate(9, 8)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'complainants' })] }),
    )
    expect(() => complaintRate(0, 0)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
})

describe('behaviourByGroup', () => {
  it('repurchase and spend by NPS group with intervals', () => {
    const rows = [
      { group: 'promoter', repurchased: true, spend: 10 },
      { group: 'promoter', repurchased: true, spend: 20 },
      { group: 'promoter', repurchased: false, spend: 30 },
      { group: 'detractor', repurchased: false, spend: 5 },
    ]
    const [promoter, detractor] = behaviourByGroup(rows)
    expect(promoter).toMatchObject({ group: 'promoter', n: 3, meanSpend: 20 })
    expect(promoter!.repurchaseRate).toBeCloseTo(2 / 3, 12)
    // The t interval would be 20 ± 24.84 (−4.84 … 44.84): spend below 0 and above any spend seen.
    // The bootstrap interval stays within the spends (mean-bootstrap-interval.test.ts).
    const [low, high] = promoter!.spendCi95!
    expect(low).toBeGreaterThanOrEqual(10)
    expect(low).toBeLessThan(20)
    expect(high).toBeGreaterThan(20)
    expect(high).toBeLessThanOrEqual(30)
    expect(detractor).toMatchObject({ n: 1, repurchaseRate: 0, spendCi95: null })
    expect(() => behaviourByGroup([{ group: 'x', repurchased: true, spend: -1 }])).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
})
