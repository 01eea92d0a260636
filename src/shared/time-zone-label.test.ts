import { expect, it } from 'vitest'
import { localTimeWithOffset, timeZoneLabel, utcOffsetLabel } from './time-zone-label.js'

const JUNE = Date.parse('2026-06-15T04:00:00Z')

it('calls Beijing time 北京时间 in Chinese and UTC+8 in English', () => {
  expect(timeZoneLabel('Asia/Shanghai', 'zh-CN', JUNE)).toBe('北京时间')
  expect(timeZoneLabel('Asia/Shanghai', 'en-US', JUNE)).toBe('UTC+8')
})

it('labels other zones by their offset, half hours included', () => {
  expect(timeZoneLabel('Asia/Tokyo', 'zh-CN', JUNE)).toBe('UTC+9')
  expect(timeZoneLabel('Asia/Kolkata', 'en-US', JUNE)).toBe('UTC+5:30')
  expect(timeZoneLabel('UTC', 'en-US', JUNE)).toBe('UTC')
  expect(utcOffsetLabel(-3.5 * 3600_000)).toBe('UTC−3:30')
})

it('names a zone with summer time instead of giving it one offset', () => {
  expect(timeZoneLabel('Europe/Berlin', 'en-US', JUNE)).toBe('Europe/Berlin')
  expect(timeZoneLabel('America/New_York', 'zh-CN', JUNE)).toBe('America/New_York')
})

it('writes a local time with its offset, which reads back as the same instant', () => {
  const at = Date.parse('2026-06-01T01:00:00.250Z')
  expect(localTimeWithOffset(at, 'Asia/Shanghai')).toBe('2026-06-01 09:00:00+08:00')
  expect(localTimeWithOffset(at, 'America/St_Johns')).toBe('2026-05-31 22:30:00-02:30')
  expect(Date.parse(localTimeWithOffset(at, 'America/St_Johns').replace(' ', 'T'))).toBe(at - 250)
})
