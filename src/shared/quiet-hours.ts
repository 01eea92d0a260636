import { localDayOf, startOfLocalDay } from './timezone.js'

/**
 * Quiet hours: a daily stretch of local time (the organisation's time zone) in which nothing is
 * sent — a member's notification e-mail, an organisation's survey invitations; what falls inside
 * is held and sent when the stretch ends. `from` and
 * `to` are minutes after local midnight; a stretch with `from` > `to` runs over midnight
 * (22:00–07:00), and `from` = `to` is no quiet time at all.
 */

export interface QuietHours {
  from: number
  to: number
}

/** Minutes after midnight of a local time `HH:MM`. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/** `HH:MM` of minutes after midnight. */
export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** When the quiet hours around `at` end, or null when `at` is outside them. */
export function quietHoursEnd(at: number, quiet: QuietHours, timeZone: string): number | null {
  const { from, to } = quiet
  if (from === to) return null
  const day = localDayOf(at, timeZone)
  const midnight = startOfLocalDay(day, timeZone)
  const minute = Math.floor((at - midnight) / 60_000)
  // The local instant `minutes` after the midnight starting local day `d`.
  const localAt = (d: number, minutes: number) => startOfLocalDay(d, timeZone) + minutes * 60_000
  if (from < to) return minute >= from && minute < to ? localAt(day, to) : null
  // Over midnight: quiet from `from` to midnight, and from midnight to `to`.
  if (minute >= from) return localAt(day + 1, to)
  if (minute < to) return localAt(day, to)
  return null
}
