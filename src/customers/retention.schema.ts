import { z } from 'zod'

/** Cohort retention, repurchase, complaint rate and behaviour by group. Browser-safe (zod only). */

const Interval = z.tuple([z.number(), z.number()])
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)

export const RetentionQuerySchema = z
  .object({
    /** A unit: its customers and those of every unit below it. */
    unitId: z.string().min(1).max(100).optional(),
    /** First and last month of purchases (YYYY-MM, the organisation's calendar). */
    from: Month.optional(),
    to: Month.optional(),
  })
  .strict()

export const GroupBehaviourSchema = z.object({
  group: z.string(),
  n: z.number().int(),
  /** Share who bought again after the answer (or the complaint), Wilson 95% interval. */
  repurchaseRate: z.number(),
  repurchaseCi95: Interval,
  /** Mean spend after it, t 95% interval (null with one customer). */
  meanSpend: z.number(),
  spendCi95: Interval.nullable(),
})

export const RetentionReportSchema = z.object({
  /** Customers with a purchase in the months. */
  customers: z.number().int(),
  cohorts: z.array(
    z.object({
      /** The month of the customers' first purchase. */
      cohort: Month,
      size: z.number().int(),
      retention: z.array(
        z.object({
          k: z.number().int(),
          month: Month,
          active: z.number().int(),
          share: z.number(),
          ci95: Interval,
        }),
      ),
    }),
  ),
  /** 回头率: the share of customers who bought in more than one transaction. */
  repurchase: z
    .object({
      customers: z.number().int(),
      repeat: z.number().int(),
      rate: z.number(),
      ci95: Interval,
    })
    .nullable(),
  /** 抱怨率: customers with a complaint (case) per 10,000 customers. */
  complaintRate: z
    .object({ complainants: z.number().int(), rate: z.number(), ci95: Interval })
    .nullable(),
  /** After a customer's last answer: promoters (9–10), passives (7–8), detractors (0–6). */
  byNpsGroup: z.array(GroupBehaviourSchema),
  /** After a customer's first complaint: recovered (resolved, not followed up unsatisfied) or not. */
  byRecovery: z.array(GroupBehaviourSchema),
})
export type RetentionReport = z.infer<typeof RetentionReportSchema>
