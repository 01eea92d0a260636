import { describe, expect, it } from 'vitest'
import { compareNps } from '../analytics/nps.js'
import { compareSegmentsNps } from './segment-comparison.js'
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
