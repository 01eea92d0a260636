import type { Dayjs } from 'dayjs'
import { wallTimeToIso } from '../notices/notice-time'

/**
 * A period of whole days [first, last] on the organisation's clock as the instants [from, to) an
 * API reading timestamps takes: midnight of the first day to midnight after the last, in its zone.
 */
export function periodInstants(
  range: readonly [Dayjs, Dayjs],
  timeZone: string,
): { from: string; to: string } {
  const midnight = (day: Dayjs) =>
    wallTimeToIso(
      { year: day.year(), month: day.month() + 1, day: day.date(), hour: 0, minute: 0 },
      timeZone,
    )
  return { from: midnight(range[0]), to: midnight(range[1].add(1, 'day')) }
}
