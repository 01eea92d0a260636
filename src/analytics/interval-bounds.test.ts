import { describe, expect, it } from 'vitest'
import { computeCes } from './ces.js'
import { computeCsat } from './csat.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { computeNps } from './nps.js'
import { distributionFromScores } from './score-distribution.js'

describe('boundedInterval', () => {
  it('clips to the range and widens to contain the estimate', () => {
    expect(boundedInterval([-98.5, 48.5], -100, [-100, 100])).toEqual([-100, 48.5])
    expect(boundedInterval([-106, -47.5], -100, [-100, 100])).toEqual([-100, -47.5])
    expect(boundedInterval([0.2, 7.9], 6.5, [1, 7])).toEqual([1, 7])
    expect(boundedInterval([1.4, 2.6], 2, [1, 7])).toEqual([1.4, 2.6])
  })

  it('refuses an estimate outside its range instead of returning a broken interval', () => {
    expect(() => boundedInterval([0, 1], 101, [-100, 100])).toThrow(RangeError)
    expect(() => boundedInterval([0, 1], Number.NaN, [-100, 100])).toThrow(RangeError)
  })
})

describe('intervals as shown beside a figure', () => {
  it('one detractor: NPS −100 and no interval, not "−98.5 ~ 48.5"', () => {
    const result = computeNps({ promoters: 0, passives: 0, detractors: 1 })
    expect(result.nps).toBe(-100)
    expect(result.ci95).toBeNull()
    expect(result.lowConfidence).toBe(true)
  })

  it(`from ${MIN_INTERVAL_N} answers on, every NPS interval contains its estimate within −100…100`, () => {
    let checked = 0
    for (let n = MIN_INTERVAL_N; n <= 40; n++)
      for (let promoters = 0; promoters <= n; promoters++)
        for (let detractors = 0; promoters + detractors <= n; detractors++) {
          const result = computeNps({ promoters, passives: n - promoters - detractors, detractors })
          const [lower, upper] = result.ci95!
          expect(lower).toBeGreaterThanOrEqual(-100)
          expect(upper).toBeLessThanOrEqual(100)
          expect(lower).toBeLessThanOrEqual(result.nps!)
          expect(upper).toBeGreaterThanOrEqual(result.nps!)
          checked++
        }
    // Σ over n = 5…40 of (n + 1)(n + 2)/2 ways to split n answers into three groups
    expect(checked).toBe(12_306)
    // five detractors: the adjusted Wald interval (−107.5…−17.5) is clipped at −100
    const five = computeNps({ promoters: 0, passives: 0, detractors: 5 })
    expect(five.ci95![0]).toBe(-100)
    expect(five.ci95![1]).toBeCloseTo(-17.5, 1)
  })

  it('CSAT and CES: no interval below the minimum n; CES stays on its 1–7 scale', () => {
    expect(computeCsat(distributionFromScores([5, 5, 1], 1, 5)).ci95).toBeNull()
    expect(computeCes(distributionFromScores([7, 1, 7, 7], 1, 7)).ci95).toBeNull()
    const ces = computeCes(distributionFromScores([7, 7, 7, 7, 1], 1, 7))
    expect(ces.mean).toBeCloseTo(5.8, 12)
    expect(ces.ci95![0]).toBeGreaterThanOrEqual(1)
    expect(ces.ci95![1]).toBe(7)
  })
})
