import { describe, expect, it } from 'vitest'
import { minutesOf, quietHoursEnd, timeOf } from './quiet-hours.js'

// Quiet hours are read in the organisation's time zone: 22:00–07:00 in Shanghai (UTC+8) is
// 14:00–23:00 UTC; in New York it moves with daylight saving time.

const at = (iso: string) => Date.parse(iso)

describe('quiet hours', () => {
  const night = { from: minutesOf('22:00'), to: minutesOf('07:00') }

  it('holds what falls inside a stretch over midnight until its local end', () => {
    // 23:30 in Shanghai → 07:00 the next local morning.
    expect(quietHoursEnd(at('2026-11-27T15:30:00Z'), night, 'Asia/Shanghai')).toBe(
      at('2026-11-27T23:00:00Z'),
    )
    // 03:00 in Shanghai → 07:00 the same local morning.
    expect(quietHoursEnd(at('2026-11-27T19:00:00Z'), night, 'Asia/Shanghai')).toBe(
      at('2026-11-27T23:00:00Z'),
    )
    // 12:00 in Shanghai: not quiet.
    expect(quietHoursEnd(at('2026-11-27T04:00:00Z'), night, 'Asia/Shanghai')).toBeNull()
    // Exactly 07:00: quiet has ended; exactly 22:00: it has begun.
    expect(quietHoursEnd(at('2026-11-27T23:00:00Z'), night, 'Asia/Shanghai')).toBeNull()
    expect(quietHoursEnd(at('2026-11-27T14:00:00Z'), night, 'Asia/Shanghai')).toBe(
      at('2026-11-27T23:00:00Z'),
    )
  })

  it('reads a stretch within one day, and the zone’s daylight saving time', () => {
    const lunch = { from: minutesOf('12:00'), to: minutesOf('13:30') }
    expect(quietHoursEnd(at('2026-11-27T04:15:00Z'), lunch, 'Asia/Shanghai')).toBe(
      at('2026-11-27T05:30:00Z'),
    )
    expect(quietHoursEnd(at('2026-11-27T05:30:00Z'), lunch, 'Asia/Shanghai')).toBeNull()
    // New York, 23:00 EDT on 2026-07-01 (UTC−4) → 07:00 EDT = 11:00 UTC; in winter (UTC−5) → 12:00 UTC.
    expect(quietHoursEnd(at('2026-07-02T03:00:00Z'), night, 'America/New_York')).toBe(
      at('2026-07-02T11:00:00Z'),
    )
    expect(quietHoursEnd(at('2026-12-02T04:00:00Z'), night, 'America/New_York')).toBe(
      at('2026-12-02T12:00:00Z'),
    )
    // from = to is no quiet time.
    expect(quietHoursEnd(at('2026-11-27T04:00:00Z'), { from: 60, to: 60 }, 'UTC')).toBeNull()
    expect(timeOf(minutesOf('07:05'))).toBe('07:05')
  })
})
