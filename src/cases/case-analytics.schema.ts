import { z } from 'zod'
import { FigureSchema as F, IntervalSchema } from '../shared/wire-schema.js'

// What the SLA board and the complaint analytics answer with (re-exported by case.schema.ts).
// Browser-safe: the admin app's types come from here.

/**
 * SLA compliance of a group (docs/service-recovery.md): of the cases whose outcome is known
 * (`due`: resolved, or a deadline missed), the share that kept every deadline. Cases not yet
 * due count in `cases` only; compliance is null while none is due.
 */
export const SlaTallySchema = z.object({
  cases: z.number(),
  due: z.number(),
  met: z.number(),
  missed: z.number(),
  compliance: F.nullable(),
})

export const SlaBoardRowSchema = z.object({
  department: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  open: z.number(),
  atRisk: z.number(),
  breached: z.number(),
  escalated: z.number(),
  /** SLA compliance of the cases opened in the board's window (`complianceDays`), same definition as the analytics. */
  due: z.number(),
  met: z.number(),
  compliance: F.nullable(),
})
export type SlaBoardRow = z.infer<typeof SlaBoardRowSchema>
export const SlaBoardSchema = z.object({
  rows: z.array(SlaBoardRowSchema),
  /** Compliance on the board covers the cases opened in the last this many days. */
  complianceDays: z.number(),
  /** The whole organisation over that window. */
  total: SlaTallySchema,
})
export type SlaBoard = z.infer<typeof SlaBoardSchema>

const TimeStatsSchema = z.object({
  n: z.number(),
  /** Working minutes. */
  median: F.nullable(),
  p90: F.nullable(),
  /** Counts per bucket of working hours: <1, 1–4, 4–8, 8–24, 24–72, ≥72. */
  histogram: z.array(z.object({ bucket: z.string(), count: z.number() })),
})
export type TimeStats = z.infer<typeof TimeStatsSchema>

const SlaRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  cases: z.number(),
  due: z.number(),
  onTime: z.number(),
  compliance: F.nullable(),
})
export type SlaRow = z.infer<typeof SlaRowSchema>

export const ComplaintAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  cases: z.number(),
  open: z.number(),
  breached: z.number(),
  /** The organisation's (or the department's) SLA compliance over the period. */
  sla: SlaTallySchema,
  pareto: z.array(
    z.object({
      key: z.string(),
      count: z.number(),
      share: F,
      cumulativeShare: F,
      vital: z.boolean(),
      /** The cause's name in Chinese (the key when the cause is no longer configured). */
      label: z.string(),
      /** The cause's name in each language, for the reader's. */
      labels: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
    }),
  ),
  uncategorised: z.number(),
  repeatCustomers: z.array(
    z.object({ customer: z.string(), cases: z.number(), numbers: z.array(z.string()) }),
  ),
  firstResponse: TimeStatsSchema,
  resolution: TimeStatsSchema,
  slaByDepartment: z.array(SlaRowSchema),
  slaByOwner: z.array(SlaRowSchema),
  /** One scorecard per case owner: timeliness, speed, recovery, repeat cases and cost. */
  people: z.array(
    z.object({
      ownerId: z.string(),
      name: z.string(),
      cases: z.number(),
      due: z.number(),
      onTime: z.number(),
      compliance: F.nullable(),
      firstResponseMedian: F.nullable(),
      resolutionMedian: F.nullable(),
      followedUp: z.number(),
      satisfied: z.number(),
      recoveryRate: F.nullable(),
      recoveryInterval: IntervalSchema,
      reopened: z.number(),
      compensation: z.number(),
      /** Compensation per case, in cents. */
      compensationPerCase: F,
    }),
  ),
  recovery: z.object({
    followedUp: z.number(),
    satisfied: z.number(),
    rate: F.nullable(),
    interval: IntervalSchema,
  }),
  compensation: z.object({
    total: z.number(),
    byKind: z.array(z.object({ kind: z.string(), count: z.number(), amount: z.number() })),
    pendingApproval: z.number(),
  }),
})
export type ComplaintAnalytics = z.infer<typeof ComplaintAnalyticsSchema>
