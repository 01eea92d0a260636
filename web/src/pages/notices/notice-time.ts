import { timezoneOffsetMs } from '../../../../src/shared/timezone'

/**
 * The instant a wall-clock time names on the organisation's clock ("2026-10-20 08:00" in
 * Asia/Shanghai → 2026-10-20T00:00:00.000Z), whatever zone the browser is in: a planner abroad
 * announces the outage at the local time customers will live it.
 */
export function wallTimeToIso(
  wall: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): string {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute)
  // The offset at the guess, then at the corrected instant (they differ only across a DST change).
  const first = asUtc - timezoneOffsetMs(timeZone, asUtc)
  return new Date(asUtc - timezoneOffsetMs(timeZone, first)).toISOString()
}

/** One phone or e-mail address per line (commas and semicolons also separate); blanks dropped. */
export function recipientsFromText(
  text: string,
  locale: 'zh-CN' | 'en-US',
): Array<{ phone?: string; email?: string; locale: 'zh-CN' | 'en-US' }> {
  return text
    .split(/[\n,;，；]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (s.includes('@') ? { email: s, locale } : { phone: s, locale }))
}
