import { describe, expect, it } from 'vitest'
import { slotTimes } from './slot-times.js'

const at = (local: string) => Date.parse(`${local}+08:00`)
const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)
const SHANGHAI = { timezone: 'Asia/Shanghai', holidays: [], extraWorkdays: [] }

describe('appointment slot times', () => {
  it('cuts each opening into slots on the organisation’s clock, leaving out a short last piece', () => {
    // Monday 2026-10-12: 09:00–10:40 by 30 minutes gives 09:00, 09:30, 10:00 (10:30 would end at 11:00).
    const slots = slotTimes(
      [{ weekday: 1, from: '09:00', to: '10:40', slotMinutes: 30, capacity: 2 }],
      SHANGHAI,
      at('2026-10-11T12:00:00'),
      7,
    )
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-10-12T09:00',
      '2026-10-12T09:30',
      '2026-10-12T10:00',
    ])
    expect(slots[0]).toMatchObject({ endsAt: at('2026-10-12T09:30:00'), capacity: 2 })
  })

  it('skips public holidays, opens a 调休 day by its weekday and offers no slot already begun', () => {
    const pattern = [
      { weekday: 1, from: '09:00', to: '10:00', slotMinutes: 60, capacity: 1 },
      { weekday: 6, from: '09:00', to: '10:00', slotMinutes: 60, capacity: 1 },
    ]
    const slots = slotTimes(
      pattern,
      {
        timezone: 'Asia/Shanghai',
        holidays: ['2026-10-05', '2026-10-10'],
        extraWorkdays: ['2026-10-10'],
      },
      at('2026-10-05T08:00:00'),
      14,
    )
    // 10-05 (Mon) is a holiday; 10-10 (Sat) is worked; 10-12 (Mon), 10-17 (Sat) open as usual.
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-10-10T09:00',
      '2026-10-12T09:00',
      '2026-10-17T09:00',
    ])
    const fromInside = slotTimes(pattern, SHANGHAI, at('2026-10-12T09:00:00'), 1)
    expect(fromInside).toEqual([])
  })
})
