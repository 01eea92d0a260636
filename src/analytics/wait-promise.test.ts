import { describe, expect, it } from 'vitest'
import { judgeWaitShare, liveEstimateBreaks } from './wait-promise.js'

// Hand-worked: promise "80 % called within 20 minutes" (allowed over: 20 %), judged at minute 100.
const MIN = 60_000
const terms = { limit: 20 * MIN, withinShare: 0.8 }
const now = 100 * MIN
const called = (wait: number) => ({ takenAt: 0, wait: wait * MIN, abandoned: false })

describe('judgeWaitShare', () => {
  it('counts called visits over the limit and those still waiting past it; walk-outs and the still-early are not judged', () => {
    const visits = [
      called(5),
      called(20), // exactly the limit: kept
      called(21), // over
      called(0),
      { takenAt: 70 * MIN, wait: null, abandoned: false }, // waiting 30 min: over already
      { takenAt: 90 * MIN, wait: null, abandoned: false }, // waiting 10 min: not yet judged
      { takenAt: 0, wait: null, abandoned: true }, // left: not judged
    ]
    const j = judgeWaitShare(visits, terms, now, 5)
    // n = 5 (4 called + 1 overdue), over = 2 → 40 % > 20 %.
    expect(j).toEqual({
      n: 5,
      over: 2,
      overShare: 0.4,
      allowedShare: expect.closeTo(0.2, 12),
      breached: true,
      tooFew: false,
    })
  })

  it('does not fire at exactly the allowed share, nor under the minimum number of visits', () => {
    const five = [called(30), called(1), called(2), called(3), called(4)] // 1 of 5 = 20 %
    expect(judgeWaitShare(five, terms, now, 5).breached).toBe(false)
    const bad = [called(30), called(30), called(1)] // 67 % over, but only 3 visits
    expect(judgeWaitShare(bad, terms, now, 4)).toMatchObject({
      n: 3,
      over: 2,
      tooFew: true,
      breached: false,
    })
    expect(judgeWaitShare([], terms, now, 1)).toMatchObject({ n: 0, overShare: null })
  })

  it('refuses impossible terms and waits with VALUE_OUT_OF_RANGE', () => {
    for (const bad of [
      () => judgeWaitShare([], { limit: 0, withinShare: 0.8 }, now, 1),
      () => judgeWaitShare([], { limit: MIN, withinShare: 1.2 }, now, 1),
      () => judgeWaitShare([], { limit: MIN, withinShare: 0 }, now, 1),
      () => judgeWaitShare([], terms, now, 0),
      () => judgeWaitShare([{ takenAt: 0, wait: -1, abandoned: false }], terms, now, 1),
      () => judgeWaitShare([{ takenAt: 0, wait: Number.NaN, abandoned: false }], terms, now, 1),
      () => liveEstimateBreaks(-5, terms),
    ])
      expect(bad).toThrow(expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }))
  })
})

describe('liveEstimateBreaks', () => {
  it('breaks only above the limit; no estimate (no counter open) breaks nothing', () => {
    expect(liveEstimateBreaks(20 * MIN, terms)).toBe(false)
    expect(liveEstimateBreaks(20 * MIN + 1, terms)).toBe(true)
    expect(liveEstimateBreaks(null, terms)).toBe(false)
  })
})
