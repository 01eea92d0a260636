import { describe, expect, it } from 'vitest'
import { compareNps } from '../analytics/nps.js'
import type { ScoreDistribution } from '../analytics/score-distribution.js'
import {
  compareSegmentScores,
  compareSegmentsNps,
  holmAdjust,
  segmentHeatMap,
} from './segment-comparison.js'
import { detractorShareChart } from './detractor-control.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'

function withNps(day: number, byScore: Record<number, number>): DayCounts {
  const counts = emptyDayCounts(day)
  for (const [score, n] of Object.entries(byScore)) counts.nps.counts[Number(score)] = n
  counts.responses = counts.nps.counts.reduce((a, b) => a + b, 0)
  return counts
}

describe('compareSegmentsNps', () => {
  it('tests each segment against the rest with the two-sample NPS test', () => {
    const segments = new Map([
      ['store', withNps(0, { 10: 60, 8: 20, 3: 20 })],
      ['app', withNps(0, { 10: 20, 8: 20, 3: 60 })],
    ])
    const [store, app] = compareSegmentsNps(segments)
    expect(store!.segment).toBe('store')
    expect(store!.nps.nps).toBe(40)
    expect(app!.nps.nps).toBe(-40)
    const expected = compareNps(
      { promoters: 60, passives: 20, detractors: 20 },
      { promoters: 20, passives: 20, detractors: 60 },
    )!
    expect(store!.vsRest).toEqual({ difference: 80, pValue: expected.pValue, isSignificant: true })
  })

  it('a single segment has nothing to be compared with', () => {
    expect(compareSegmentsNps(new Map([['link', withNps(0, { 9: 5 })]]))[0]!.vsRest).toBeNull()
  })
})

describe('detractorShareChart', () => {
  it('flags the day whose detractor share leaves the p chart limits', () => {
    const days = Array.from({ length: 20 }, (_, i) =>
      withNps(20000 + i, i === 12 ? { 10: 40, 2: 60 } : { 10: 80, 2: 20 }),
    )
    const control = detractorShareChart(days)!
    expect(control.dates[12]).toBe('2024-10-16')
    expect(control.chart.signals).toEqual([12])
    expect(control.chart.center).toBeCloseTo((19 * 20 + 60) / 2000, 12)
  })
})

describe('holmAdjust', () => {
  it('matches R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm")', () => {
    const adjusted = holmAdjust([0.03, 0.01, null, 0.05, 0.02, 0.04])
    const expected = [0.09, 0.05, null, 0.09, 0.08, 0.09]
    adjusted.forEach((p, i) =>
      expected[i] === null ? expect(p).toBeNull() : expect(p).toBeCloseTo(expected[i]!, 12),
    )
  })
})

function distribution(min: number, max: number, scores: number[]): ScoreDistribution {
  const d = { min, counts: Array.from({ length: max - min + 1 }, () => 0) }
  for (const s of scores) d.counts[s - min]!++
  return d
}

describe('compareSegmentScores', () => {
  it('CSAT: two-proportion z as prop.test(c(30, 20), c(50, 50), correct = FALSE), Holm over two segments', () => {
    // 30 of 50 satisfied against 20 of 50: pooled 0.5, SE 0.1, z = 2, p = 0.0455003 (hand-checked).
    const a = distribution(1, 5, [...Array(30).fill(5), ...Array(20).fill(2)])
    const b = distribution(1, 5, [...Array(20).fill(4), ...Array(30).fill(1)])
    const [first, second] = compareSegmentScores(
      'csat',
      new Map([
        ['B店', b],
        ['A店', a],
      ]),
    )
    expect(first).toMatchObject({ segment: 'A店', rank: 1, n: 50, value: 60 })
    expect(second).toMatchObject({ segment: 'B店', rank: 2, n: 50, value: 40 })
    expect(first!.vsRest!.test).toBe('two-proportion-z')
    expect(first!.vsRest!.difference).toBeCloseTo(20, 10)
    expect(first!.vsRest!.pValue).toBeCloseTo(0.0455003, 6)
    // Alone p < 0.05, but two tests were made: Holm gives 2 × 0.0455 = 0.091, not significant.
    expect(first!.vsRest!.adjustedP).toBeCloseTo(0.0910006, 6)
    expect(first!.vsRest!.isSignificant).toBe(false)
    expect(second!.vsRest!.difference).toBeCloseTo(-20, 10)
  })

  it('CES: Welch t against the rest, as scipy.stats.ttest_ind(equal_var=False) on the same answers', () => {
    // Our own small data; reference from SciPy 1.17: t = 3.635591, df = 14.7944, p = 0.00249032.
    const a = distribution(1, 7, [7, 6, 6, 5, 7, 4, 6, 5])
    const b = distribution(1, 7, [3, 4, 2, 5, 3, 4, 4, 6, 2])
    const [first, second] = compareSegmentScores(
      'ces',
      new Map([
        ['a', a],
        ['b', b],
      ]),
    )
    expect(first!.segment).toBe('a')
    expect(first!.value).toBeCloseTo(5.75, 12)
    expect(first!.vsRest!.test).toBe('welch-t')
    expect(first!.vsRest!.pValue).toBeCloseTo(0.00249032, 7)
    expect(first!.vsRest!.adjustedP).toBeCloseTo(2 * 0.00249032, 7)
    expect(first!.vsRest!.isSignificant).toBe(true)
    // Student t interval: 5.75 ± t(0.975, 7)·s/√8 = 5.75 ± 0.865364.
    expect(first!.ci95![0]).toBeCloseTo(5.75 - 0.8653639, 6)
    expect(second!.value).toBeCloseTo(11 / 3, 12)
  })

  it('NPS: each segment against all others pooled, three segments, Holm over three tests', () => {
    const a = distribution(0, 10, [
      ...Array(60).fill(10),
      ...Array(20).fill(8),
      ...Array(20).fill(3),
    ])
    const b = distribution(0, 10, [
      ...Array(30).fill(9),
      ...Array(40).fill(7),
      ...Array(30).fill(0),
    ])
    const c = distribution(0, 10, [
      ...Array(20).fill(10),
      ...Array(20).fill(8),
      ...Array(60).fill(3),
    ])
    const rows = compareSegmentScores(
      'nps',
      new Map([
        ['c', c],
        ['a', a],
        ['b', b],
      ]),
    )
    expect(rows.map((r) => [r.segment, r.rank, r.value])).toEqual([
      ['a', 1, 40],
      ['b', 2, 0],
      ['c', 3, -40],
    ])
    const restOfA = compareNps(
      { promoters: 60, passives: 20, detractors: 20 },
      { promoters: 50, passives: 60, detractors: 90 },
    )!
    expect(rows[0]!.vsRest!.pValue).toBeCloseTo(restOfA.pValue, 14)
    expect(rows[0]!.vsRest!.difference).toBeCloseTo(40 - -20, 10)
    const expectedHolm = holmAdjust(rows.map((r) => r.vsRest!.pValue))
    expect(rows.map((r) => r.vsRest!.adjustedP)).toEqual(expectedHolm)
    expect(rows[1]!.vsRest!.isSignificant).toBe(false)
  })

  it('leaves out segments without answers, and a lone segment has no test', () => {
    const rows = compareSegmentScores(
      'csat',
      new Map([
        ['empty', distribution(1, 5, [])],
        ['only', distribution(1, 5, [5, 4, 1])],
      ]),
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ segment: 'only', n: 3, vsRest: null, rank: 1 })
  })
})

describe('segmentHeatMap', () => {
  it('gives each segment’s figure per month, empty months as null', () => {
    const map = segmentHeatMap(
      'csat',
      ['a', 'b'],
      new Map([
        ['2026-06-01', new Map([['a', distribution(1, 5, [5, 1])]])],
        [
          '2026-05-01',
          new Map([
            ['a', distribution(1, 5, [4])],
            ['b', distribution(1, 5, [2, 2])],
          ]),
        ],
      ]),
    )
    expect(map.months).toEqual(['2026-05-01', '2026-06-01'])
    expect(map.cells).toEqual([
      [
        { n: 1, value: 100 },
        { n: 2, value: 50 },
      ],
      [
        { n: 2, value: 0 },
        { n: 0, value: null },
      ],
    ])
  })
})
