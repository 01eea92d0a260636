import { expect, it } from 'vitest'
import {
  formatInTimeZone,
  localDayOf,
  startOfLocalDate,
  startOfLocalDay,
  timezoneOffsetMs,
} from './timezone.js'

it('Asia/Shanghai is UTC+8 all year', () => {
  expect(timezoneOffsetMs('Asia/Shanghai', Date.parse('2026-01-15T00:00:00Z'))).toBe(8 * 3600_000)
  expect(timezoneOffsetMs('Asia/Shanghai', Date.parse('2026-07-15T00:00:00Z'))).toBe(8 * 3600_000)
  expect(new Date(startOfLocalDate('2026-06-01', 'Asia/Shanghai')).toISOString()).toBe(
    '2026-05-31T16:00:00.000Z',
  )
})

it('follows daylight saving time', () => {
  expect(timezoneOffsetMs('Europe/Berlin', Date.parse('2026-01-15T00:00:00Z'))).toBe(1 * 3600_000)
  expect(timezoneOffsetMs('Europe/Berlin', Date.parse('2026-07-15T00:00:00Z'))).toBe(2 * 3600_000)
})

it('counts local days: 23:30 UTC is the next day in Shanghai', () => {
  const at = Date.parse('2026-06-14T23:30:00Z')
  expect(localDayOf(at, 'Asia/Shanghai')).toBe(Date.parse('2026-06-15T00:00:00Z') / 86_400_000)
  expect(localDayOf(at, 'UTC')).toBe(Date.parse('2026-06-14T00:00:00Z') / 86_400_000)
  expect(
    new Date(startOfLocalDay(localDayOf(at, 'Asia/Shanghai'), 'Asia/Shanghai')).toISOString(),
  ).toBe('2026-06-14T16:00:00.000Z')
})

it('writes an instant as local time', () => {
  expect(formatInTimeZone(Date.parse('2026-06-14T23:30:00Z'), 'Asia/Shanghai')).toBe(
    '2026-06-15 07:30',
  )
  expect(formatInTimeZone(Date.parse('2026-07-15T10:05:00Z'), 'Europe/Berlin')).toBe(
    '2026-07-15 12:05',
  )
})
