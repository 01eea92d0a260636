/** Offset of `timeZone` from UTC at instant `at`, in milliseconds (Asia/Shanghai → +8 h). */
export function timezoneOffsetMs(timeZone: string, at: number): number {
  const parts = formatterOf(timeZone).formatToParts(new Date(at))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  )
  return asUtc - Math.floor(at / 1000) * 1000
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Making an Intl.DateTimeFormat costs far more than using one: one per zone, kept. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** Days since 1970-01-01 of a calendar date written YYYY-MM-DD. */
export function dayOfIsoDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d) / 86_400_000
}

/** Start of a calendar date (YYYY-MM-DD) in `timeZone`, as epoch ms. */
export function startOfLocalDate(date: string, timeZone: string): number {
  return startOfLocalDay(dayOfIsoDate(date), timeZone)
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const offsetCache = new Map<string, number>()

/**
 * Days since 1970-01-01 on the local calendar of `timeZone`. Offsets change at
 * most on the hour, so they are cached per zone and hour (Intl is slow).
 */
export function localDayOf(at: number, timeZone: string): number {
  return Math.floor((at + offsetInHour(timeZone, at)) / DAY_MS)
}

/** An instant as local time "YYYY-MM-DD HH:mm" in `timeZone`, for exports and messages. */
export function formatInTimeZone(at: number, timeZone: string): string {
  return new Date(at + offsetInHour(timeZone, at)).toISOString().slice(0, 16).replace('T', ' ')
}

/** The instant a local day starts in `timeZone`. */
export function startOfLocalDay(day: number, timeZone: string): number {
  const utcMidnight = day * DAY_MS
  return utcMidnight - offsetInHour(timeZone, utcMidnight)
}

/** timezoneOffsetMs, cached per zone and UTC hour. */
function offsetInHour(timeZone: string, at: number): number {
  const key = `${timeZone}|${Math.floor(at / HOUR_MS)}`
  let offset = offsetCache.get(key)
  if (offset === undefined) {
    if (offsetCache.size > 50_000) offsetCache.clear()
    offset = timezoneOffsetMs(timeZone, at)
    offsetCache.set(key, offset)
  }
  return offset
}
