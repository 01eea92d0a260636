import { z } from 'zod'

/** Churn risk: the organisation's model, its validation, and the risk list. Browser-safe (zod only). */

const EpochMs = z.number().int().min(0)
const Interval = z.tuple([z.number(), z.number()])

export const CHURN_FEATURE_NAMES = [
  'recency',
  'frequency',
  'monetary',
  'lastSatisfaction',
  'satisfactionChange',
  'complaints',
  'unrecoveredComplaints',
] as const

/** A training of the churn model under way (by the daily job or a user), for its progress. */
export const ChurnTrainingSchema = z.object({
  id: z.string(),
  startedAt: z.number().int(),
  /** Customers whose features have been read so far (a page of 2,000 at a time). */
  customersRead: z.number().int(),
  /** The organisation's customers (unmerged): all the training reads. */
  customersTotal: z.number().int(),
})
export type ChurnTraining = z.infer<typeof ChurnTrainingSchema>
export const ChurnTrainingStatusSchema = z.object({ training: ChurnTrainingSchema.nullable() })

export const ChurnModelSummarySchema = z.object({
  id: z.string(),
  trainedAt: EpochMs,
  /** Features as of trainCutoff, outcome = no purchase in the horizon after it. */
  trainCutoff: EpochMs,
  /** The later window the model was validated on (not used in the fit). */
  validationCutoff: EpochMs,
  horizonDays: z.number().int(),
  customersScored: z.number().int(),
  /** Why no model could be trained (not_enough_history, one_outcome_only); null when trained. */
  reason: z.string().nullable(),
  model: z
    .object({
      intercept: z.number(),
      trainRows: z.number().int(),
      trainChurnRate: z.number(),
      /** Each feature's coefficient per training sd (null: constant in training, left out). */
      features: z.array(
        z.object({
          name: z.string(),
          coefficient: z.number().nullable(),
          standardError: z.number().nullable(),
          mean: z.number(),
          sd: z.number(),
        }),
      ),
      validation: z.object({
        rows: z.number().int(),
        churnRate: z.number(),
        auc: z.number(),
        aucCi95: Interval,
        /** Deciles of predicted risk: mean predicted against the share that churned. */
        calibration: z.array(
          z.object({ n: z.number().int(), meanPredicted: z.number(), observedRate: z.number() }),
        ),
        hosmerLemeshow: z.object({ statistic: z.number(), df: z.number(), p: z.number() }),
      }),
    })
    .nullable(),
})
export type ChurnModelSummary = z.infer<typeof ChurnModelSummarySchema>

export const ChurnRiskQuerySchema = z
  .object({
    unitId: z.string().min(1).max(100).optional(),
    /** Only customers at or above this risk (0–1). */
    minRisk: z.coerce.number().min(0).max(1).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()

export const ChurnRiskSchema = z.object({
  customerId: z.string(),
  unitId: z.string().nullable(),
  risk: z.number(),
  /** The feature values scored, by name (days, purchases, yuan, 0–10 satisfaction, counts). */
  features: z.record(z.string(), z.number()),
  actionPlanId: z.string().nullable(),
  scoredAt: EpochMs,
})
export type ChurnRisk = z.infer<typeof ChurnRiskSchema>

export const ChurnRiskListSchema = z.object({
  modelId: z.string().nullable(),
  risks: z.array(ChurnRiskSchema),
})
export type ChurnRiskList = z.infer<typeof ChurnRiskListSchema>

export const RetentionPlanInputSchema = z
  .object({
    customerIds: z.array(z.string().min(1).max(100)).min(1).max(500),
    unitId: z.string().min(1).max(100).nullable().default(null),
    ownerId: z.string().min(1).max(100),
    dueAt: EpochMs,
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict()

export const RetentionPlanResultSchema = z.object({
  planId: z.string(),
  customers: z.number().int(),
})

export const CHURN_BANDS = ['low', 'medium', 'high'] as const
export type ChurnBand = (typeof CHURN_BANDS)[number]

/** Where the medium and high bands start (the risk list colours its risks the same way). */
export const CHURN_BAND_FROM = { medium: 0.4, high: 0.7 } as const

export function churnBand(risk: number): ChurnBand {
  if (risk >= CHURN_BAND_FROM.high) return 'high'
  return risk >= CHURN_BAND_FROM.medium ? 'medium' : 'low'
}

/** One customer's churn risk for their page: the score, its band, and the model that gave it. */
export const CustomerChurnRiskSchema = z.object({
  customerId: z.string(),
  /** null: not scored (no purchase before the model's time, or no model yet). */
  risk: z.number().nullable(),
  band: z.enum(CHURN_BANDS).nullable(),
  scoredAt: EpochMs.nullable(),
  features: z.record(z.string(), z.number()).nullable(),
  /** The model that scored them (or the newest, when they are not scored); null before any training. */
  model: z
    .object({
      id: z.string(),
      trainedAt: EpochMs,
      /** Validation AUC on the later window, with its DeLong 95% interval; null when none was trained. */
      auc: z.number().nullable(),
      aucCi95: Interval.nullable(),
      reason: z.string().nullable(),
    })
    .nullable(),
})
export type CustomerChurnRisk = z.infer<typeof CustomerChurnRiskSchema>
