import type { PeriodType } from './target.schema.js'

/**
 * Target periods as local-day ranges. A local day is the day number of the organisation's local
 * date (src/shared/timezone.ts localDayOf: UTC midnight of that date / 86 400 000), so a calendar
 * period's days need no time zone.
 */

const DAY = 86_400_000

export function periodType(period: string): PeriodType {
  if (/^\d{4}$/.test(period)) return 'year'
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter'
  return 'month'
}

/** [fromDay, toDay): the period's first local day and the day after its last. */
export function periodDays(period: string): { fromDay: number; toDay: number } {
  const year = Number(period.slice(0, 4))
  const type = periodType(period)
  let startMonth = 0
  let months = 12
  if (type === 'quarter') {
    startMonth = (Number(period.slice(6)) - 1) * 3
    months = 3
  } else if (type === 'month') {
    startMonth = Number(period.slice(5, 7)) - 1
    months = 1
  }
  return {
    fromDay: Date.UTC(year, startMonth, 1) / DAY,
    toDay: Date.UTC(year, startMonth + months, 1) / DAY,
  }
}

/** The period of the given type that contains a local day. */
export function periodContaining(type: PeriodType, localDay: number): string {
  const date = new Date(localDay * DAY)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth()
  if (type === 'year') return String(year)
  if (type === 'quarter') return `${year}-Q${Math.floor(month / 3) + 1}`
  return `${year}-${String(month + 1).padStart(2, '0')}`
}

/** The same kind of period just before (2026-Q1 → 2025-Q4). */
export function previousPeriod(period: string): string {
  const { fromDay } = periodDays(period)
  return periodContaining(periodType(period), fromDay - 1)
}

/** The `count` months ending with the period's last month, oldest first. */
export function monthsEndingWith(period: string, count: number): string[] {
  const { toDay } = periodDays(period)
  const months: string[] = []
  let day = toDay - 1
  for (let i = 0; i < count; i++) {
    const month = periodContaining('month', day)
    months.unshift(month)
    day = periodDays(month).fromDay - 1
  }
  return months
}

/** Each period of every type that contains the day: its month, quarter and year. */
export function periodsContaining(localDay: number): string[] {
  return (['month', 'quarter', 'year'] as const).map((type) => periodContaining(type, localDay))
}
