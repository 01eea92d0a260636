import { dayOfIsoDate, localDayOf, startOfLocalDay } from '../shared/timezone.js'
import type { Opening } from './appointment.schema.js'

/**
 * The slots an opening pattern makes: for each local day of the organisation's time zone from
 * the day of `from` on, each opening of that ISO weekday cut into slots of its length (a last
 * piece shorter than a slot is not offered), leaving out public holidays (a 调休 make-up day in
 * `extraWorkdays` is open by its own weekday's pattern, like any other day) and slots that start
 * at or before `from`. Pure: plain data in, instants out.
 */
export interface SlotTime {
  startsAt: number
  endsAt: number
  capacity: number
}

const MINUTE = 60_000

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

/** ISO weekday of a day number (days since 1970-01-01, a Thursday). */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1
}

export function slotTimes(
  pattern: readonly Opening[],
  calendar: { timezone: string; holidays: readonly string[]; extraWorkdays: readonly string[] },
  from: number,
  days: number,
): SlotTime[] {
  const holidays = new Set(calendar.holidays.map(dayOfIsoDate))
  for (const day of calendar.extraWorkdays) holidays.delete(dayOfIsoDate(day))
  const first = localDayOf(from, calendar.timezone)
  const slots: SlotTime[] = []
  for (let day = first; day < first + days; day++) {
    if (holidays.has(day)) continue
    const midnight = startOfLocalDay(day, calendar.timezone)
    for (const opening of pattern) {
      if (opening.weekday !== isoWeekday(day)) continue
      const close = minutesOf(opening.to)
      for (
        let m = minutesOf(opening.from);
        m + opening.slotMinutes <= close;
        m += opening.slotMinutes
      ) {
        const startsAt = midnight + m * MINUTE
        if (startsAt <= from) continue
        slots.push({
          startsAt,
          endsAt: startsAt + opening.slotMinutes * MINUTE,
          capacity: opening.capacity,
        })
      }
    }
  }
  // Overlapping openings of one weekday would make two slots at one start: the first is kept.
  const seen = new Set<number>()
  return slots
    .sort((a, b) => a.startsAt - b.startsAt)
    .filter((s) => !seen.has(s.startsAt) && seen.add(s.startsAt))
}
