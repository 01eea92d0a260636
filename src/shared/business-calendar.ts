import { dayOfIsoDate, localDayOf, startOfLocalDay } from './timezone.js'

/**
 * Working time for SLA clocks: weekly working days and hours in a time zone,
 * public holidays off, and the make-up working days (调休) that Chinese
 * holiday schedules move onto weekends. Pure: plain data in, instants out.
 */
export interface BusinessCalendar {
  timezone: string
  /** ISO weekdays that are working days: 1 Monday … 7 Sunday. */
  workdays: number[]
  /** Working hours, local time, HH:MM. */
  start: string
  end: string
  /** YYYY-MM-DD dates off work. */
  holidays: string[]
  /** YYYY-MM-DD weekend dates worked instead (调休). */
  extraWorkdays: string[]
}

const MINUTE = 60_000
const MAX_DAYS = 3 * 366

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/** ISO weekday of a day number (days since 1970-01-01, a Thursday). */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1
}

function compiled(cal: BusinessCalendar) {
  return {
    holidays: new Set(cal.holidays.map(dayOfIsoDate)),
    extra: new Set(cal.extraWorkdays.map(dayOfIsoDate)),
    workdays: new Set(cal.workdays),
    open: minutesOf(cal.start),
    close: minutesOf(cal.end),
  }
}

/** The working window [from, to) of a local day, or null on a day off. */
function windowOf(
  day: number,
  cal: BusinessCalendar,
  c: ReturnType<typeof compiled>,
): [number, number] | null {
  const working = c.extra.has(day) || (c.workdays.has(isoWeekday(day)) && !c.holidays.has(day))
  if (!working || c.close <= c.open) return null
  const midnight = startOfLocalDay(day, cal.timezone)
  return [midnight + c.open * MINUTE, midnight + c.close * MINUTE]
}

/** The instant `minutes` of working time after `start` (a deadline). */
export function addBusinessMinutes(start: number, minutes: number, cal: BusinessCalendar): number {
  const c = compiled(cal)
  let remaining = minutes * MINUTE
  const first = localDayOf(start, cal.timezone)
  for (let day = first; day < first + MAX_DAYS; day++) {
    const window = windowOf(day, cal, c)
    if (!window) continue
    const from = Math.max(window[0], start)
    if (from >= window[1]) continue
    if (from + remaining <= window[1]) return from + remaining
    remaining -= window[1] - from
  }
  throw new Error('the business calendar has no working time within three years')
}

/** Working minutes between two instants (0 when `to` ≤ `from`). */
export function businessMinutesBetween(from: number, to: number, cal: BusinessCalendar): number {
  if (to <= from) return 0
  const c = compiled(cal)
  let total = 0
  const last = localDayOf(to, cal.timezone)
  for (let day = localDayOf(from, cal.timezone); day <= last; day++) {
    const window = windowOf(day, cal, c)
    if (!window) continue
    total += Math.max(0, Math.min(window[1], to) - Math.max(window[0], from))
  }
  return total / MINUTE
}

/** Whether a local day (days since 1970-01-01) is a working day of the calendar. */
export function isWorkingDay(day: number, cal: BusinessCalendar): boolean {
  const c = compiled(cal)
  return c.extra.has(day) || (c.workdays.has(isoWeekday(day)) && !c.holidays.has(day))
}

/**
 * A promise made in working days ("退款 3 个工作日内到账"): the close of the `days`-th working
 * day after the local day of `start` (the day it starts on is not counted, as in T+N). With
 * `days` 0, the close of that same day if it is a working day and still open, else of the next
 * working day.
 */
export function addWorkingDays(start: number, days: number, cal: BusinessCalendar): number {
  const c = compiled(cal)
  const first = localDayOf(start, cal.timezone)
  let counted = 0
  for (let day = first; day < first + MAX_DAYS; day++) {
    const window = windowOf(day, cal, c)
    if (!window) continue
    if (day === first) {
      if (days === 0 && start < window[1]) return window[1]
      continue
    }
    if (days === 0 || ++counted === days) return window[1]
  }
  throw new Error('the business calendar has no working time within three years')
}
