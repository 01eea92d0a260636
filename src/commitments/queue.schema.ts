import { z } from 'zod'
import { IsoDateTime } from '../surveys/survey.schema.js'

/**
 * Queue events of service halls and the waits measured from them. Browser-safe: the routes, the
 * API docs and the admin app read these. Times on the wire are ISO instants; waits are minutes.
 */

export const QUEUE_EVENT_TYPES = ['taken', 'called', 'served', 'left', 'opened', 'closed'] as const

const Label = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . and -')

export const QueueEventInputSchema = z
  .object({
    /** The sender's id: the same id again is the same event. */
    eventId: z.string().trim().min(1).max(100),
    /** The hall: the unit's code. */
    unit: z.string().trim().min(1).max(100),
    /** taken, called, served, left (a ticket's); opened, closed (a counter's). */
    type: z.enum(QUEUE_EVENT_TYPES),
    /** The hall's ticket number (A012); no name or phone. */
    ticket: Label.optional(),
    counter: Label.optional(),
    occurredAt: z.string().datetime({ offset: true }),
  })
  .refine((e) => e.type === 'opened' || e.type === 'closed' || e.ticket !== undefined, {
    message: 'a ticket event needs its ticket',
    path: ['ticket'],
  })
  .refine((e) => (e.type !== 'opened' && e.type !== 'closed') || e.counter !== undefined, {
    message: 'a counter event needs its counter',
    path: ['counter'],
  })
export type QueueEventInput = z.infer<typeof QueueEventInputSchema>

export const QueueEventBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(5000),
})

export const QueueEventFileBodySchema = z.object({
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
  /** The file's column for each field (matched without regard to case). */
  columns: z
    .object({
      eventId: z.string().min(1).default('event_id'),
      unit: z.string().min(1).default('unit'),
      type: z.string().min(1).default('event'),
      ticket: z.string().min(1).default('ticket'),
      counter: z.string().min(1).default('counter'),
      occurredAt: z.string().min(1).default('time'),
    })
    .default({
      eventId: 'event_id',
      unit: 'unit',
      type: 'event',
      ticket: 'ticket',
      counter: 'counter',
      occurredAt: 'time',
    }),
})

export const QueueEventReportSchema = z.object({
  received: z.number(),
  stored: z.number(),
  /** Events whose id was stored before (or repeated in the batch): nothing new. */
  duplicates: z.number(),
  /** Rows refused, with the file's row (or the batch's index from 0) and what is wrong. */
  rejected: z.array(
    z.object({
      row: z.number(),
      issues: z.array(z.object({ path: z.string(), reason: z.string() })),
    }),
  ),
})
export type QueueEventReport = z.infer<typeof QueueEventReportSchema>

export const QueueWaitQuerySchema = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** One hall (unit id); default every hall the caller may see. */
  unitId: z.string().optional(),
})

/** Waits in minutes: median and 90th percentile (nearest rank), mean with its 95% interval. */
export const WaitDistributionSchema = z.object({
  n: z.number(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  mean: z.number().nullable(),
  meanInterval: z.tuple([z.number(), z.number()]).nullable(),
})
export type WaitDistributionWire = z.infer<typeof WaitDistributionSchema>

export const QueueWaitsSchema = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  units: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      /** Tickets taken in the period. */
      tickets: z.number(),
      /** Left without being called. */
      abandoned: z.number(),
      total: WaitDistributionSchema,
      /** Local hour of the ticket (0–23): hours with tickets only. */
      byHour: z.array(WaitDistributionSchema.extend({ hour: z.number() })),
      /** ISO weekday of the ticket (1 = Monday … 7 = Sunday): days with tickets only. */
      byWeekday: z.array(WaitDistributionSchema.extend({ weekday: z.number() })),
    }),
  ),
})
export type QueueWaits = z.infer<typeof QueueWaitsSchema>

const ErrorSummarySchema = z.object({
  n: z.number(),
  /** Mean of estimate − realised wait, minutes. */
  bias: z.number().nullable(),
  meanAbsoluteError: z.number().nullable(),
  rootMeanSquareError: z.number().nullable(),
})

export const QueueAccuracySchema = z.object({
  from: z.string(),
  to: z.string(),
  units: z.array(
    z.object({
      unitId: z.string(),
      /** The live-queue estimate, (n − c + 1)·s/c with every counter busy, 0 otherwise. */
      estimate: ErrorSummarySchema,
      /** People waiting ahead × mean service time ÷ open counters. */
      baseline: ErrorSummarySchema,
    }),
  ),
})
export type QueueAccuracy = z.infer<typeof QueueAccuracySchema>

/** A hall's current wait, as the public page and the API show it (no person, no ticket). */
export const CurrentWaitSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  unitNameEn: z.string().nullable(),
  waiting: z.number(),
  beingServed: z.number(),
  counters: z.number(),
  /** Estimated minutes for someone taking a ticket now; null when no counter is open or no service measured yet. */
  estimatedMinutes: z.number().nullable(),
  /** When the hall's last event happened (ISO). */
  updatedAt: z.string(),
})
export type CurrentWait = z.infer<typeof CurrentWaitSchema>
