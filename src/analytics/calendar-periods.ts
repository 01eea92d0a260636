import { valueOutOfRange } from './input-checks.js'

/**
 * Whole calendar periods of instants, for cohort tables (cohort.ts wants whole period numbers):
 * months and quarters counted from January 1970, weeks (Monday to Sunday, ISO 8601) from the
 * Monday 29 December 1969. Instants are read in UTC, the way a file's zoneless dates are parsed.
 */

export const PERIOD_UNITS = ['week', 'month', 'quarter'] as const
export type PeriodUnit = (typeof PERIOD_UNITS)[number]

const DAY_MS = 86_400_000
/** 1969-12-29, a Monday: week 0 starts there, so every week runs Monday to Sunday. */
const FIRST_MONDAY_MS = -3 * DAY_MS

export function calendarPeriod(time: number, unit: PeriodUnit): number {
  if (!Number.isFinite(time))
    throw valueOutOfRange('time', `${time} is not an instant.`, 'a finite time in milliseconds')
  if (unit === 'week') return Math.floor((time - FIRST_MONDAY_MS) / (7 * DAY_MS))
  const date = new Date(time)
  const months = (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
  return unit === 'month' ? months : Math.floor(months / 3)
}

/** The period's name: 2026-03 (month), 2026-Q1 (quarter), the week's Monday 2026-03-02 (week). */
export function periodLabel(period: number, unit: PeriodUnit): string {
  if (unit === 'week')
    return new Date(FIRST_MONDAY_MS + period * 7 * DAY_MS).toISOString().slice(0, 10)
  const months = unit === 'month' ? period : period * 3
  const year = 1970 + Math.floor(months / 12)
  const month = months - (year - 1970) * 12
  return unit === 'month'
    ? `${year}-${String(month + 1).padStart(2, '0')}`
    : `${year}-Q${Math.floor(month / 3) + 1}`
}
