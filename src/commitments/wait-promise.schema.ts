import { z } from 'zod'

/**
 * The waiting promise of service halls — "`withinPercent` % of visitors called within `minutes`" —
 * and which halls break it today and now. Browser-safe: routes, API docs and the admin app read
 * these.
 */

export const WaitPromiseInputSchema = z
  .object({
    /** The unit (and every unit below it); null = the organisation's default. */
    unitId: z.string().trim().min(1).nullable().default(null),
    minutes: z.number().int().min(1).max(600),
    withinPercent: z.number().int().min(1).max(100),
  })
  .strict()
export type WaitPromiseInput = z.infer<typeof WaitPromiseInputSchema>

export const WaitPromiseSchema = z.object({
  unitId: z.string().nullable(),
  minutes: z.number().int(),
  withinPercent: z.number().int(),
  updatedAt: z.number(),
})
export type WaitPromise = z.infer<typeof WaitPromiseSchema>
export const WaitPromiseListSchema = z.object({ promises: z.array(WaitPromiseSchema) })

/** Fewest visits judged today before a hall is said to break the promise (the status card's default). */
export const DEFAULT_MIN_VISITS = 20

export const WaitPromiseStatusQuerySchema = z.object({
  minVisits: z.coerce.number().int().min(1).max(100_000).optional(),
})

const ShareFiguresSchema = z.object({
  /** Visits whose outcome against the promise is known (called, or waiting past the limit). */
  n: z.number(),
  over: z.number(),
  overShare: z.number().nullable(),
  /** 1 − withinPercent / 100. */
  allowedShare: z.number(),
  breached: z.boolean(),
  /** Fewer than minVisits judged: not judged. */
  tooFew: z.boolean(),
})
export type ShareFigures = z.infer<typeof ShareFiguresSchema>

export const HallPromiseSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitNameEn: z.string().nullable(),
  /** The promise that applies and the unit it was set on (null: the organisation's default). */
  promise: z.object({
    minutes: z.number(),
    withinPercent: z.number(),
    setOn: z.string().nullable(),
  }),
  /** Tickets taken today (the organisation's day) so far. */
  today: ShareFiguresSchema,
  /** The live estimate for someone taking a ticket now; null when no counter is open or the hall is quiet. */
  live: z.object({ estimatedMinutes: z.number().nullable(), breached: z.boolean() }),
})
export type HallPromise = z.infer<typeof HallPromiseSchema>

export const WaitPromiseStatusSchema = z.object({
  /** The organisation's day judged (YYYY-MM-DD) and its time zone. */
  day: z.string(),
  timezone: z.string(),
  minVisits: z.number(),
  /** Halls with a promise and queue events in the last 7 days, within the caller's units. */
  halls: z.array(HallPromiseSchema),
})
export type WaitPromiseStatus = z.infer<typeof WaitPromiseStatusSchema>
