import { z } from 'zod'

/**
 * The periods a reader picks by name (the shared date range of the dashboard, complaints and text
 * insights, a saved analysis's period): a preset moves on with the calendar, so "last 30 days"
 * saved today is still the last 30 days next month.
 */
export const DATE_RANGE_PRESETS = ['7d', '30d', '90d', '12m', 'month', 'quarter', 'year'] as const
export type DateRangePreset = (typeof DATE_RANGE_PRESETS)[number]

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')

/** A period: a preset, or fixed dates (both included, from not after to). */
export const DateRangeSchema = z.union([
  z.object({ preset: z.enum(DATE_RANGE_PRESETS) }).strict(),
  z
    .object({ from: IsoDateSchema, to: IsoDateSchema })
    .strict()
    .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] }),
])
export type DateRange = z.infer<typeof DateRangeSchema>

const iso = (d: Date) => d.toISOString().slice(0, 10)

/**
 * The dates a period covers on the day `today` (YYYY-MM-DD, the organisation's calendar), both
 * included: the last n days end today; "this month/quarter/year" run from its first day to
 * today; 12m starts on the same day twelve months back (the end of a shorter month when that
 * day does not exist).
 */
export function datesOfRange(range: DateRange, today: string): { from: string; to: string } {
  if ('from' in range) return { from: range.from, to: range.to }
  const [y, m, d] = today.split('-').map(Number) as [number, number, number]
  const back = (days: number) => iso(new Date(Date.UTC(y, m - 1, d - days)))
  switch (range.preset) {
    case '7d':
      return { from: back(6), to: today }
    case '30d':
      return { from: back(29), to: today }
    case '90d':
      return { from: back(89), to: today }
    case '12m': {
      const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate()
      return { from: iso(new Date(Date.UTC(y - 1, m - 1, Math.min(d, last)))), to: today }
    }
    case 'month':
      return { from: iso(new Date(Date.UTC(y, m - 1, 1))), to: today }
    case 'quarter':
      return { from: iso(new Date(Date.UTC(y, Math.floor((m - 1) / 3) * 3, 1))), to: today }
    case 'year':
      return { from: `${y}-01-01`, to: today }
  }
}
