import { describe, expect, it } from 'vitest'
import {
  dayToIsoDate,
  emptyDayCounts,
  metricsOf,
  periodStart,
  rollUpTrend,
  totalOf,
  type DayCounts,
} from './summary-rollup.js'

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000

function day(iso: string, npsScores: number[]): DayCounts {
  const counts = emptyDayCounts(dayOf(iso))
  for (const s of npsScores) counts.nps.counts[s]!++
  counts.responses = npsScores.length
  return counts
}

describe('periodStart', () => {
  it('weeks start on Monday, months on the 1st', () => {
    // 2026-06-17 is a Wednesday.
    expect(dayToIsoDate(periodStart(dayOf('2026-06-17'), 'week'))).toBe('2026-06-15')
    expect(dayToIsoDate(periodStart(dayOf('2026-06-21'), 'week'))).toBe('2026-06-15') // Sunday
    expect(dayToIsoDate(periodStart(dayOf('2026-06-22'), 'week'))).toBe('2026-06-22') // Monday
    expect(dayToIsoDate(periodStart(dayOf('2026-02-28'), 'month'))).toBe('2026-02-01')
    expect(dayToIsoDate(periodStart(dayOf('2026-02-28'), 'day'))).toBe('2026-02-28')
  })
})

describe('rollUpTrend', () => {
  const present = { nps: true, csat: false, ces: false }
  const days = [day('2026-06-30', [10, 10]), day('2026-06-15', [0]), day('2026-07-01', [9, 6, 7])]

  it('sums days into sorted months with NPS per month', () => {
    const trend = rollUpTrend(days, 'month', present)
    expect(trend.map((p) => [p.period, p.responses])).toEqual([
      ['2026-06-01', 3],
      ['2026-07-01', 3],
    ])
    expect(trend[0]!.nps!.nps).toBeCloseTo(100 / 3, 12) // 2 promoters, 1 detractor
    expect(trend[1]!.nps!.nps).toBeCloseTo(0, 12)
    expect(trend[0]!.csat).toBeNull()
  })

  it('splits the same days by week (Monday 06-29 holds 06-30 and 07-01)', () => {
    expect(rollUpTrend(days, 'week', present).map((p) => [p.period, p.responses])).toEqual([
      ['2026-06-15', 1],
      ['2026-06-29', 5],
    ])
  })

  it('totals agree with the periods', () => {
    const total = metricsOf(totalOf(days), present)
    expect(total.responses).toBe(6)
    expect(total.nps).toMatchObject({ promoters: 3, passives: 1, detractors: 2, n: 6 })
  })
})
