import { formatInTimeZone } from '../../../src/shared/timezone'

/**
 * An instant as "MM-DD HH:mm" on the clocks of `timeZone` — the zone a case's deadlines are kept
 * in and the customer was told — never the browser's own zone, which may be elsewhere.
 */
export function zonedTime(iso: string, timeZone: string): string {
  return formatInTimeZone(Date.parse(iso), timeZone).slice(5)
}

/** The same with its zone named: "06-15 13:00（北京时间）" or "06-15 13:00 (UTC+8)". */
export function zonedTimeLabelled(
  iso: string,
  timeZone: string,
  label: string,
  locale: 'zh-CN' | 'en-US',
): string {
  const time = zonedTime(iso, timeZone)
  return locale === 'zh-CN' ? `${time}（${label}）` : `${time} (${label})`
}
