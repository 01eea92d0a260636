import type { Locale } from './locale.js'
import { timezoneOffsetMs } from './timezone.js'

// Browser-safe: the admin app labels times with it as the exports do, so a time read on the
// case page and the same time in a spreadsheet carry the same words.

/** Zones whose clocks show Beijing time all year: what Chinese readers call 北京时间. */
const BEIJING_TIME = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'PRC'])

/** "UTC+8", "UTC−3:30", "UTC" for an offset in milliseconds. */
export function utcOffsetLabel(offsetMs: number): string {
  if (offsetMs === 0) return 'UTC'
  const minutes = Math.round(Math.abs(offsetMs) / 60_000)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `UTC${offsetMs > 0 ? '+' : '−'}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`
}

/**
 * How a time in `timeZone` is labelled for a reader of `locale`: 北京时间 for Beijing time in
 * Chinese, otherwise the offset from UTC (UTC+8). A zone that changes its clocks (summer time)
 * has no one offset: it is named (Europe/Berlin) instead, so no label is ever wrong half the year.
 */
export function timeZoneLabel(timeZone: string, locale: Locale, at: number): string {
  if (locale === 'zh-CN' && BEIJING_TIME.has(timeZone)) return '北京时间'
  const year = new Date(at).getUTCFullYear()
  const winter = timezoneOffsetMs(timeZone, Date.UTC(year, 0, 1))
  const summer = timezoneOffsetMs(timeZone, Date.UTC(year, 6, 1))
  if (winter !== summer) return timeZone
  return utcOffsetLabel(winter)
}

/**
 * An instant on the clocks of `timeZone` with its offset, to the second: "2026-06-01 09:00:00+08:00".
 * A person reads the local time; a program (an import of the file) still gets the instant.
 */
export function localTimeWithOffset(at: number, timeZone: string): string {
  const offset = timezoneOffsetMs(timeZone, at)
  const local = new Date(at + offset).toISOString().slice(0, 19).replace('T', ' ')
  const minutes = Math.round(Math.abs(offset) / 60_000)
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`
}
