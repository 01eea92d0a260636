import { describe, expect, it } from 'vitest'
import { noticeCompliance, pooledCompliance } from './notice-compliance.js'

const DAY = 86_400_000
const START = Date.parse('2026-10-20T00:00:00Z')

describe('notice compliance', () => {
  it('counts a recipient once, told in time when any message left at least the lead ahead', () => {
    const figures = noticeCompliance(
      [
        { recipient: 'a', sentAt: START - 7 * DAY }, // exactly seven days: in time
        { recipient: 'a', sentAt: START - DAY }, // a second channel, late: still told in time
        { recipient: 'b', sentAt: START - 7 * DAY + 1 }, // a millisecond late
        { recipient: 'c', sentAt: null }, // never sent
        { recipient: 'd', sentAt: START - 10 * DAY },
      ],
      START,
      7,
    )
    expect(figures.recipients).toBe(4)
    expect(figures.notifiedAhead).toBe(2)
    expect(figures.share).toBe(0.5)
    // R: prop.test(2, 4, correct = FALSE)$conf.int → 0.1500 0.8500
    expect(figures.interval![0]).toBeCloseTo(0.15, 4)
    expect(figures.interval![1]).toBeCloseTo(0.85, 4)
  })

  it('has no share without recipients, and pools notices by summing', () => {
    expect(noticeCompliance([], START, 7)).toEqual({
      recipients: 0,
      notifiedAhead: 0,
      share: null,
      interval: null,
    })
    const pooled = pooledCompliance([
      noticeCompliance([{ recipient: 'a', sentAt: START - 8 * DAY }], START, 7),
      noticeCompliance([{ recipient: 'a', sentAt: START - 2 * DAY }], START, 7),
    ])
    expect([pooled.recipients, pooled.notifiedAhead, pooled.share]).toEqual([2, 1, 0.5])
  })

  it('refuses a lead that is not a whole number of days', () => {
    expect(() => noticeCompliance([], START, -1)).toThrow(RangeError)
    expect(() => noticeCompliance([], START, 1.5)).toThrow(RangeError)
    expect(() => noticeCompliance([], Number.NaN, 7)).toThrow(RangeError)
  })
})
