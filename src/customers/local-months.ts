/**
 * Months on an organisation's calendar for SQL aggregation: the UTC offset of a time zone as a
 * list of constant-offset segments over a time range (found with Intl, the same source the
 * in-memory month bucketing used), so a query can shift each stored instant by its segment's
 * offset and read the month from the shifted UTC date. Offsets change at most a few times a year
 * (daylight saving), so the segments stay a handful per year.
 */

const DAY_MS = 86_400_000
const formats = new Map<string, Intl.DateTimeFormat>()

/** Local minus UTC, in milliseconds, at `at` in `timeZone`. */
export function utcOffset(at: number, timeZone: string): number {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(timeZone, format)
  }
  const part: Record<string, number> = {}
  for (const p of format.formatToParts(new Date(at)))
    if (p.type !== 'literal') part[p.type] = Number(p.value)
  const local = Date.UTC(
    part.year!,
    part.month! - 1,
    part.day!,
    part.hour!,
    part.minute!,
    part.second!,
  )
  const wholeSeconds = at - (((at % 1000) + 1000) % 1000)
  return local - wholeSeconds
}

export interface OffsetSegment {
  /** First instant (ms) of the segment; the first segment starts at -Infinity. */
  from: number
  offset: number
}

/** The instant in [lo, hi] where the offset changes from that at lo (lo's offset ≠ hi's). */
function transition(lo: number, hi: number, timeZone: string): number {
  const before = utcOffset(lo, timeZone)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (utcOffset(mid, timeZone) === before) lo = mid
    else hi = mid
  }
  return hi
}

/** Constant-offset segments covering [start, end] (sampled daily, each change found to the ms). */
export function offsetSegments(start: number, end: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: -Infinity, offset: utcOffset(start, timeZone) }]
  for (let day = start; day < end; day += DAY_MS) {
    const next = Math.min(day + DAY_MS, end)
    if (utcOffset(next, timeZone) !== segments[segments.length - 1]!.offset) {
      const at = transition(day, next, timeZone)
      segments.push({ from: at, offset: utcOffset(at, timeZone) })
    }
  }
  return segments
}

/** Months since year 0 of a 'YYYY-MM' label, and back. */
export const monthNumber = (label: string): number => {
  const [y, m] = label.split('-')
  return Number(y) * 12 + Number(m) - 1
}
export const monthLabel = (n: number): string =>
  `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`

/** The instant the month `n` (months since year 0) begins on the calendar of `timeZone`. */
export function monthStart(n: number, timeZone: string): number {
  const utc = Date.UTC(Math.floor(n / 12), n % 12, 1)
  // Two steps: the offset at the guess, then at the corrected instant (exact unless the month
  // begins inside a daylight-saving gap, where the later instant is the month's first).
  const guess = utc - utcOffset(utc, timeZone)
  return utc - utcOffset(guess, timeZone)
}
