import { z } from 'zod'

/**
 * Where a unit is and when it is open (browser-safe: the admin app edits and shows both with
 * these). Geography: the province, city and county by their administrative division codes
 * (GB/T 2260, six digits: 430000 湖南省, 430100 长沙市, 430102 芙蓉区), an address, and an optional
 * position (WGS-84 latitude and longitude, both or neither). A city's code starts with its
 * province's two digits, a county's with its city's four. Opening hours: per weekday, up to three
 * spans ("08:30"–"17:30", in order, not overlapping); an empty list is a closed day, a weekday
 * left out is not stated.
 */

const DIVISION = /^\d{6}$/

export const UnitGeoSchema = z
  .object({
    provinceCode: z.string().regex(DIVISION, 'must be a six-digit division code').optional(),
    cityCode: z.string().regex(DIVISION, 'must be a six-digit division code').optional(),
    countyCode: z.string().regex(DIVISION, 'must be a six-digit division code').optional(),
    address: z.string().trim().min(1).max(200).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .strict()
  .superRefine((geo, ctx) => {
    if ((geo.lat === undefined) !== (geo.lng === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [geo.lat === undefined ? 'lat' : 'lng'],
        message: 'latitude and longitude come together',
      })
    if (
      geo.provinceCode &&
      geo.cityCode &&
      geo.cityCode.slice(0, 2) !== geo.provinceCode.slice(0, 2)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['cityCode'],
        message: `is not a city of province ${geo.provinceCode}`,
      })
    if (geo.cityCode && geo.countyCode && geo.countyCode.slice(0, 4) !== geo.cityCode.slice(0, 4))
      ctx.addIssue({
        code: 'custom',
        path: ['countyCode'],
        message: `is not a county of city ${geo.cityCode}`,
      })
  })
export type UnitGeo = z.infer<typeof UnitGeoSchema>

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const Time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time, HH:MM')

export const HoursSpanSchema = z
  .object({ open: Time, close: Time })
  .strict()
  .refine((s) => s.open < s.close, { message: 'must close after it opens', path: ['close'] })
export type HoursSpan = z.infer<typeof HoursSpanSchema>

const DaySchema = z
  .array(HoursSpanSchema)
  .max(3)
  .superRefine((spans, ctx) => {
    for (let i = 1; i < spans.length; i++)
      if (spans[i]!.open < spans[i - 1]!.close)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'open'],
          message: 'must come after the span before it, without overlapping',
        })
  })

export const OpeningHoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, DaySchema.optional()])) as {
      [D in Weekday]: z.ZodOptional<typeof DaySchema>
    },
  )
  .strict()
export type OpeningHours = z.infer<typeof OpeningHoursSchema>

const DAY_WORDS: Record<string, Weekday> = {
  mon: 'mon',
  tue: 'tue',
  wed: 'wed',
  thu: 'thu',
  fri: 'fri',
  sat: 'sat',
  sun: 'sun',
  周一: 'mon',
  周二: 'tue',
  周三: 'wed',
  周四: 'thu',
  周五: 'fri',
  周六: 'sat',
  周日: 'sun',
  周天: 'sun',
}
const CLOSED_WORDS = new Set(['closed', '休息', '不营业', '闭馆'])

/**
 * Opening hours written as text, as an import cell holds them: weekday groups separated by `;`
 * (or `；`), each a day or a range of days, then `closed` (休息) or spans separated by `,`:
 * "mon-fri 08:30-17:30; sat 09:00-12:00; sun closed", "周一至周五 08:30-12:00,14:00-17:30；周日 休息".
 * Returns the hours, or what is wrong.
 */
export function parseOpeningHoursText(text: string): { hours: OpeningHours } | { error: string } {
  const hours: Partial<Record<Weekday, HoursSpan[]>> = {}
  for (const group of text
    .split(/[;；]/)
    .map((g) => g.trim())
    .filter(Boolean)) {
    const match = /^(\S+?)(?:\s*(?:-|–|至|~)\s*(\S+?))?\s+(.+)$/.exec(group)
    const first = match ? DAY_WORDS[match[1]!.toLowerCase()] : undefined
    const last = match?.[2] ? DAY_WORDS[match[2].toLowerCase()] : first
    if (!match || !first || !last)
      return { error: `"${group}" does not start with a weekday (mon…sun, 周一…周日)` }
    const from = WEEKDAYS.indexOf(first)
    const to = WEEKDAYS.indexOf(last)
    if (to < from) return { error: `"${group}": ${last} comes before ${first}` }
    const rest = match[3]!.trim()
    const spans: HoursSpan[] = []
    if (!CLOSED_WORDS.has(rest.toLowerCase())) {
      for (const span of rest.split(/[,，、]/).map((s) => s.trim())) {
        const times = /^(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$/.exec(span)
        if (!times) return { error: `"${span}" is not a span like 08:30-17:30` }
        spans.push({ open: times[1]!.padStart(5, '0'), close: times[2]!.padStart(5, '0') })
      }
    }
    for (const day of WEEKDAYS.slice(from, to + 1)) {
      if (hours[day]) return { error: `${day} is given twice` }
      hours[day] = spans
    }
  }
  const parsed = OpeningHoursSchema.safeParse(hours)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { error: `${issue.path.join('.')}: ${issue.message}` }
  }
  return { hours: parsed.data }
}

/** Days with the same spans in a row, for showing: [['mon','fri', spans], ['sun','sun', []]]. */
export function groupOpeningHours(
  hours: OpeningHours,
): Array<{ from: Weekday; to: Weekday; spans: HoursSpan[] }> {
  const groups: Array<{ from: Weekday; to: Weekday; spans: HoursSpan[] }> = []
  const same = (a: HoursSpan[], b: HoursSpan[]) => JSON.stringify(a) === JSON.stringify(b)
  for (const day of WEEKDAYS) {
    const spans = hours[day]
    if (spans === undefined) continue
    const last = groups.at(-1)
    const previousDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1]
    if (last && last.to === previousDay && same(last.spans, spans)) last.to = day
    else groups.push({ from: day, to: day, spans })
  }
  return groups
}

/** The hours as import text ("mon-fri 08:30-17:30; sun closed"): what parseOpeningHoursText reads. */
export function openingHoursText(hours: OpeningHours): string {
  return groupOpeningHours(hours)
    .map(
      (g) =>
        `${g.from === g.to ? g.from : `${g.from}-${g.to}`} ${
          g.spans.length === 0 ? 'closed' : g.spans.map((s) => `${s.open}-${s.close}`).join(',')
        }`,
    )
    .join('; ')
}
