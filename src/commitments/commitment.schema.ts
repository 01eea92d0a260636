import { z } from 'zod'
import { IntervalSchema, IsoTimeSchema, LabelSchema } from '../shared/wire-schema.js'
import { IsoDateTime } from '../surveys/survey.schema.js'

/**
 * Service commitments (承诺): what the organisation promises for a service type, measured from one
 * operational event to another on a clock. Browser-safe: the routes, the API docs and the admin
 * app read these.
 */

/**
 * continuous: minutes around the clock (repairs); business_hours: working minutes of the business
 * calendar; working_days: T+N working days, due at the close of the last (refunds).
 */
export const COMMITMENT_CLOCKS = ['continuous', 'business_hours', 'working_days'] as const
export type CommitmentClock = (typeof COMMITMENT_CLOCKS)[number]

/** A service or event type: lowercase words (repair, refund, created, arrived, completed). */
const Word = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _, starting with a letter')

export const CommitmentInputSchema = z
  .object({
    /** The organisation's short name of the promise, unique (repair-arrival-city). */
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _'),
    serviceType: Word,
    title: z.object({
      'zh-CN': z.string().trim().min(1).max(100),
      'en-US': z.string().trim().min(1).max(100).optional(),
    }),
    startEvent: Word,
    endEvent: Word,
    clock: z.enum(COMMITMENT_CLOCKS),
    /** Minutes (continuous, business_hours) or working days (working_days). */
    limit: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 366),
    /** Units held to it, each with everything below it; empty: every unit. */
    unitIds: z.array(z.string().min(1)).max(500).default([]),
    /** Shown on the public commitments page. */
    published: z.boolean().default(true),
  })
  .refine((c) => c.startEvent !== c.endEvent, {
    message: 'must differ from startEvent',
    path: ['endEvent'],
  })
  .refine((c) => c.clock !== 'working_days' || c.limit <= 366, {
    message: 'at most 366 working days',
    path: ['limit'],
  })
  .refine((c) => c.clock === 'working_days' || c.limit >= 1, {
    message: 'at least 1 minute',
    path: ['limit'],
  })
export type CommitmentInput = z.input<typeof CommitmentInputSchema>

export const CommitmentSchema = z.object({
  id: z.string(),
  code: z.string(),
  serviceType: z.string(),
  title: LabelSchema,
  startEvent: z.string(),
  endEvent: z.string(),
  clock: z.enum(COMMITMENT_CLOCKS),
  limit: z.number(),
  unitIds: z.array(z.string()),
  published: z.boolean(),
  updatedAt: IsoTimeSchema,
})
export type Commitment = z.infer<typeof CommitmentSchema>
export const CommitmentListSchema = z.object({ commitments: z.array(CommitmentSchema) })

/** An operational event of a service order, as sent by API or read from a file's row. */
export const ServiceEventInputSchema = z.object({
  /** The sender's id of the event: the same id again stores nothing new. */
  eventId: z.string().trim().min(1).max(200),
  orderRef: z.string().trim().min(1).max(200),
  serviceType: Word,
  type: Word,
  occurredAt: IsoDateTime,
  /** The unit's code (UNIT_NOT_FOUND for a code no unit has). */
  unit: z.string().trim().min(1).max(64).optional(),
  /** The customer's account in the source system: no name, phone or address. */
  customerRef: z.string().trim().min(1).max(100).optional(),
})
export type ServiceEventInput = z.input<typeof ServiceEventInputSchema>

export const ServiceEventBatchSchema = z.object({
  events: z.array(z.unknown()).min(1).max(5000),
})

export const ServiceEventFileBodySchema = z.object({
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
  /** The file's column for each field (matched without regard to case). */
  columns: z
    .object({
      eventId: z.string().min(1).default('event_id'),
      orderRef: z.string().min(1).default('order'),
      serviceType: z.string().min(1).default('service'),
      type: z.string().min(1).default('event'),
      occurredAt: z.string().min(1).default('time'),
      unit: z.string().min(1).default('unit'),
      customerRef: z.string().min(1).default('customer'),
    })
    .default({
      eventId: 'event_id',
      orderRef: 'order',
      serviceType: 'service',
      type: 'event',
      occurredAt: 'time',
      unit: 'unit',
      customerRef: 'customer',
    }),
})

export const ServiceEventReportSchema = z.object({
  received: z.number(),
  /** New events stored. */
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
  /** Orders whose clocks were measured again. */
  orders: z.number(),
  /** Cases opened by breaches this import found. */
  casesOpened: z.number(),
})
export type ServiceEventReport = z.infer<typeof ServiceEventReportSchema>

export const CommitmentPerformanceQuerySchema = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
})

/** How one unit keeps one promise: orders whose clock started in the period and has ended or run out. */
export const UnitPerformanceSchema = z.object({
  unitId: z.string().nullable(),
  kept: z.number(),
  missed: z.number(),
  /** Still within the limit: not counted in the rate. */
  running: z.number(),
  /** kept / (kept + missed); null with none measured. */
  keptRate: z.number().nullable(),
  /** Wilson 95% interval of keptRate. */
  interval: IntervalSchema,
})
export type UnitPerformance = z.infer<typeof UnitPerformanceSchema>

export const CommitmentPerformanceSchema = z.object({
  commitments: z.array(
    z.object({
      commitment: CommitmentSchema,
      total: UnitPerformanceSchema,
      units: z.array(UnitPerformanceSchema),
    }),
  ),
})
export type CommitmentPerformance = z.infer<typeof CommitmentPerformanceSchema>
