import type { QueueWaits } from '../../api/commitments-api'

/**
 * A hall's waits laid out along the hours of the day or the days of the week, for a chart: every
 * hour from the first to the last with tickets (an hour without tickets inside that span is a gap,
 * not a zero wait), every weekday Monday to Sunday. Pure.
 */
export interface WaitPoint {
  /** The hour (0–23) or ISO weekday (1–7). */
  at: number
  n: number
  median: number | null
  p90: number | null
}

type Hall = QueueWaits['units'][number]

export function hourPoints(hall: Hall): WaitPoint[] {
  if (hall.byHour.length === 0) return []
  const hours = hall.byHour.map((h) => h.hour)
  const first = Math.min(...hours)
  const last = Math.max(...hours)
  return Array.from({ length: last - first + 1 }, (_, i) => pointAt(first + i, hall.byHour, 'hour'))
}

export function weekdayPoints(hall: Hall): WaitPoint[] {
  if (hall.byWeekday.length === 0) return []
  return Array.from({ length: 7 }, (_, i) => pointAt(i + 1, hall.byWeekday, 'weekday'))
}

function pointAt<K extends 'hour' | 'weekday'>(
  at: number,
  rows: ReadonlyArray<Record<K, number> & { n: number; median: number | null; p90: number | null }>,
  key: K,
): WaitPoint {
  const row = rows.find((r) => r[key] === at)
  return { at, n: row?.n ?? 0, median: row?.median ?? null, p90: row?.p90 ?? null }
}
