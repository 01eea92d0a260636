import { localDayOf, startOfLocalDay } from '../shared/timezone.js'

export interface WindowParts {
  /** Whole local days inside the window, `to` exclusive: read from the daily counts. */
  days?: { from: number; to: number }
  /** Stretches shorter than a day at either end: scanned in the responses. */
  edges: Array<{ from: number; to: number }>
}

/**
 * Split an instant window [from, to) into the whole local days it covers and
 * the partial days at its ends, so any window reads the pre-counted days and
 * scans at most two days of raw rows.
 */
export function splitWindowByDays(from: number, to: number, timezone: string): WindowParts {
  let firstDay = localDayOf(from, timezone)
  if (startOfLocalDay(firstDay, timezone) < from) firstDay++
  const endDay = localDayOf(to, timezone)
  if (endDay <= firstDay) return { edges: [{ from, to }] }
  const daysStart = startOfLocalDay(firstDay, timezone)
  const daysEnd = startOfLocalDay(endDay, timezone)
  const edges = [
    { from, to: daysStart },
    { from: daysEnd, to },
  ].filter((edge) => edge.from < edge.to)
  return { days: { from: firstDay, to: endDay }, edges }
}
