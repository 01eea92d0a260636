import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  addWorkingDays,
  type BusinessCalendar,
  businessMinutesBetween,
  isWorkingDay,
} from './business-calendar.js'
import { CN_PUBLIC_HOLIDAYS } from './cn-public-holidays.js'
import { dayOfIsoDate } from './timezone.js'

// The official 2026 schedule (国务院办公厅, 4 November 2025): Mid-Autumn Sep 25–27, National Day
// Oct 1–7 with Sunday Sep 20 and Saturday Oct 10 worked; Spring Festival Feb 15–23 with
// Saturdays Feb 14 and 28 worked.
const CN_2026: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  workdays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: [...CN_PUBLIC_HOLIDAYS[2026]!.holidays],
  extraWorkdays: [...CN_PUBLIC_HOLIDAYS[2026]!.extraWorkdays],
}
const at = (local: string) => Date.parse(`${local}+08:00`)

describe('the official 2026 schedule', () => {
  it('has 33 days off and 6 make-up working days, each on the weekday the notice gives', () => {
    expect(CN_2026.holidays).toHaveLength(33)
    expect(CN_2026.extraWorkdays).toHaveLength(6)
    // 1 = Monday … 7 = Sunday.
    const weekday = (date: string) => ((((dayOfIsoDate(date) + 3) % 7) + 7) % 7) + 1
    expect(CN_2026.extraWorkdays.map(weekday)).toEqual([7, 6, 6, 6, 7, 6])
    expect(['2026-01-01', '2026-02-15', '2026-10-01', '2026-10-07'].map(weekday)).toEqual([
      4, 7, 4, 3,
    ])
  })

  it('makes the make-up Sunday a working day and the holiday weekend not', () => {
    expect(isWorkingDay(dayOfIsoDate('2026-09-20'), CN_2026)).toBe(true)
    expect(isWorkingDay(dayOfIsoDate('2026-09-27'), CN_2026)).toBe(false)
    expect(isWorkingDay(dayOfIsoDate('2026-10-10'), CN_2026)).toBe(true)
    expect(isWorkingDay(dayOfIsoDate('2026-10-11'), CN_2026)).toBe(false)
    expect(isWorkingDay(dayOfIsoDate('2026-10-08'), CN_2026)).toBe(true)
  })
})

describe('addWorkingDays (T+N working days, to the close of the last)', () => {
  it('jumps National Day and ends on the make-up Saturday', () => {
    // Wednesday Sep 30: Oct 1–7 off; Thu Oct 8 is day 1, Fri Oct 9 day 2, Saturday Oct 10 (调休) day 3.
    expect(addWorkingDays(at('2026-09-30T10:00:00'), 3, CN_2026)).toBe(at('2026-10-10T18:00:00'))
  })

  it('counts the make-up Sunday before National Day', () => {
    // Friday Sep 18: Sat 19 off, Sunday Sep 20 worked (1), Mon 21 (2), Tue 22 (3).
    expect(addWorkingDays(at('2026-09-18T15:00:00'), 3, CN_2026)).toBe(at('2026-09-22T18:00:00'))
  })

  it('does not count the day it starts on, even a make-up working day', () => {
    // Saturday Feb 14 is worked, Feb 15–23 off: Tue Feb 24 is day 1, Wed Feb 25 day 2.
    expect(addWorkingDays(at('2026-02-14T11:00:00'), 2, CN_2026)).toBe(at('2026-02-25T18:00:00'))
  })

  it('with 0 days is the close of the same working day, or of the next one', () => {
    expect(addWorkingDays(at('2026-10-08T12:00:00'), 0, CN_2026)).toBe(at('2026-10-08T18:00:00'))
    expect(addWorkingDays(at('2026-10-08T19:00:00'), 0, CN_2026)).toBe(at('2026-10-09T18:00:00'))
    expect(addWorkingDays(at('2026-10-03T12:00:00'), 0, CN_2026)).toBe(at('2026-10-08T18:00:00'))
  })
})

describe('working minutes on the official schedule', () => {
  it('skips the Mid-Autumn long weekend', () => {
    // Thursday Sep 24 17:00 + 2 h: 1 h that day; Fri Sep 25–Sun 27 off; Monday Sep 28 10:00.
    expect(addBusinessMinutes(at('2026-09-24T17:00:00'), 120, CN_2026)).toBe(
      at('2026-09-28T10:00:00'),
    )
  })

  it('works the Saturday before Spring Festival', () => {
    expect(addBusinessMinutes(at('2026-02-13T17:30:00'), 60, CN_2026)).toBe(
      at('2026-02-14T09:30:00'),
    )
  })

  it('counts 18 working hours from the last day before National Day to the first after it', () => {
    expect(
      businessMinutesBetween(at('2026-09-30T09:00:00'), at('2026-10-08T18:00:00'), CN_2026),
    ).toBe(18 * 60)
  })
})
