import { computeCes, type CesResult } from '../analytics/ces.js'
import { computeCsat, type CsatResult } from '../analytics/csat.js'
import { computeNps, type NpsResult } from '../analytics/nps.js'
import {
  addDistributions,
  emptyDistribution,
  type ScoreDistribution,
} from '../analytics/score-distribution.js'

/** Pure: turns per-day score counts (one row per local day) into a dashboard summary. */

export type Interval = 'day' | 'week' | 'month'

export interface DayCounts {
  /** Days since 1970-01-01 in the organisation's time zone. */
  day: number
  /** Set on rows read per channel; merged rows have none. */
  channel?: string
  responses: number
  nps: ScoreDistribution
  csat: ScoreDistribution
  ces: ScoreDistribution
}

export interface MetricSet {
  responses: number
  nps: NpsResult | null
  csat: CsatResult | null
  ces: CesResult | null
}

export interface TrendPoint extends MetricSet {
  /** First local date of the period, YYYY-MM-DD. */
  period: string
}

export interface MetricsPresent {
  nps: boolean
  csat: boolean
  ces: boolean
}

export function emptyDayCounts(day: number): DayCounts {
  return {
    day,
    responses: 0,
    nps: emptyDistribution(0, 10),
    csat: emptyDistribution(1, 5),
    ces: emptyDistribution(1, 7),
  }
}

function addDayCounts(target: DayCounts, source: DayCounts): void {
  target.responses += source.responses
  addDistributions(target.nps, source.nps)
  addDistributions(target.csat, source.csat)
  addDistributions(target.ces, source.ces)
}

export function metricsOf(counts: DayCounts, present: MetricsPresent): MetricSet {
  const c = counts.nps.counts
  const sum = (from: number, to: number) => c.slice(from, to + 1).reduce((a, b) => a + b, 0)
  return {
    responses: counts.responses,
    nps: present.nps
      ? computeNps({ detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) })
      : null,
    csat: present.csat ? computeCsat(counts.csat) : null,
    ces: present.ces ? computeCes(counts.ces) : null,
  }
}

const DAY_MS = 86_400_000

/** The first day of the week (Monday) or month holding `day`. */
export function periodStart(day: number, interval: Interval): number {
  if (interval === 'day') return day
  const date = new Date(day * DAY_MS)
  if (interval === 'week') return day - ((date.getUTCDay() + 6) % 7)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS
}

export function dayToIsoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function totalOf(days: readonly DayCounts[]): DayCounts {
  const total = emptyDayCounts(0)
  for (const day of days) addDayCounts(total, day)
  return total
}

/** Sum entries of the same day across channels and sources (a day can come partly from each). */
export function mergeDays(days: readonly DayCounts[]): DayCounts[] {
  const byDay = new Map<number, DayCounts>()
  for (const day of days) {
    let merged = byDay.get(day.day)
    if (!merged) {
      merged = emptyDayCounts(day.day)
      byDay.set(day.day, merged)
    }
    addDayCounts(merged, day)
  }
  return [...byDay.values()].sort((a, b) => a.day - b.day)
}

/** Sum all days of each channel. */
export function totalsByChannel(days: readonly DayCounts[]): Map<string, DayCounts> {
  const byChannel = new Map<string, DayCounts>()
  for (const day of days) {
    const channel = day.channel ?? ''
    let total = byChannel.get(channel)
    if (!total) {
      total = emptyDayCounts(0)
      byChannel.set(channel, total)
    }
    addDayCounts(total, day)
  }
  return byChannel
}

export function rollUpTrend(
  days: readonly DayCounts[],
  interval: Interval,
  present: MetricsPresent,
): TrendPoint[] {
  const periods = new Map<number, DayCounts>()
  for (const day of days) {
    const start = periodStart(day.day, interval)
    let bucket = periods.get(start)
    if (!bucket) {
      bucket = emptyDayCounts(start)
      periods.set(start, bucket)
    }
    addDayCounts(bucket, day)
  }
  return [...periods.values()]
    .sort((a, b) => a.day - b.day)
    .map((bucket) => ({ period: dayToIsoDate(bucket.day), ...metricsOf(bucket, present) }))
}
