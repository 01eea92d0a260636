import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar,
} from './business-calendar.js'

// An illustrative schedule: National Day Oct 1–7 (Thu–Wed) with Sunday Sep 27 and Saturday Oct 10
// worked. The official 2026 one works Sunday Sep 20 instead and has Sep 25–27 off for Mid-Autumn
// (src/shared/cn-public-holidays.ts, tested in src/shared/business-calendar.test.ts).
const SHANGHAI: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  workdays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  extraWorkdays: ['2026-09-27', '2026-10-10'],
}
const at = (local: string) => Date.parse(`${local}+08:00`)

describe('addBusinessMinutes', () => {
  it('counts only working hours: Friday 17:00 + 2 h is Monday 10:00', () => {
    expect(addBusinessMinutes(at('2026-11-20T17:00:00'), 120, SHANGHAI)).toBe(
      at('2026-11-23T10:00:00'),
    )
  })

  it('starts the clock at opening time when the case arrives at night', () => {
    expect(addBusinessMinutes(at('2026-11-24T22:30:00'), 60, SHANGHAI)).toBe(
      at('2026-11-25T10:00:00'),
    )
  })

  it('skips public holidays and works the make-up Saturday', () => {
    // Wednesday Sep 30 17:00 + 4 h: 1 h that day; Oct 1–7 off (the 3rd and 4th are a weekend); Thursday Oct 8 09:00 + 3 h.
    expect(addBusinessMinutes(at('2026-09-30T17:00:00'), 240, SHANGHAI)).toBe(
      at('2026-10-08T12:00:00'),
    )
    // Friday Oct 9 17:30 + 1 h: half an hour left, then the make-up Saturday Oct 10 at 09:30.
    expect(addBusinessMinutes(at('2026-10-09T17:30:00'), 60, SHANGHAI)).toBe(
      at('2026-10-10T09:30:00'),
    )
    // The make-up Sunday Sep 27 is a working day.
    expect(addBusinessMinutes(at('2026-09-27T08:00:00'), 30, SHANGHAI)).toBe(
      at('2026-09-27T09:30:00'),
    )
  })

  it('handles several days of resolution time', () => {
    // Three working days of 9 h = 27 h from Monday 09:00 ends Wednesday 18:00.
    expect(addBusinessMinutes(at('2026-11-23T09:00:00'), 27 * 60, SHANGHAI)).toBe(
      at('2026-11-25T18:00:00'),
    )
  })
})

describe('businessMinutesBetween', () => {
  it('is the inverse of addBusinessMinutes', () => {
    const start = at('2026-09-30T16:20:00')
    for (const minutes of [1, 45, 100, 540, 2000]) {
      expect(
        businessMinutesBetween(start, addBusinessMinutes(start, minutes, SHANGHAI), SHANGHAI),
      ).toBe(minutes)
    }
  })

  it('is zero over a weekend and across a holiday night', () => {
    expect(
      businessMinutesBetween(at('2026-11-21T10:00:00'), at('2026-11-22T20:00:00'), SHANGHAI),
    ).toBe(0)
    expect(
      businessMinutesBetween(at('2026-11-23T20:00:00'), at('2026-11-23T10:00:00'), SHANGHAI),
    ).toBe(0)
  })
})
