import { z } from 'zod'

/** Targets, league tables and unit heat maps: requests and responses (browser-safe). */

/** One SERVQUAL dimension's gap as a metric of its own (Parasuraman, Zeithaml & Berry 1988). */
export const SERVQUAL_DIMENSION_METRICS = [
  'servqual_tangibles',
  'servqual_reliability',
  'servqual_responsiveness',
  'servqual_assurance',
  'servqual_empathy',
] as const

export const TARGET_METRICS = [
  'nps',
  'csat',
  'ces',
  'csm',
  'servqual',
  ...SERVQUAL_DIMENSION_METRICS,
  'sla',
  'recovery',
  'complaint_rate_customers',
  'complaint_rate_transactions',
] as const
export const TargetMetricSchema = z.enum(TARGET_METRICS)
export type TargetMetric = z.infer<typeof TargetMetricSchema>

/** Metrics where a lower figure is better: a league ranks them ascending, a target is a ceiling. */
export const LOWER_IS_BETTER_METRICS: readonly TargetMetric[] = [
  'complaint_rate_customers',
  'complaint_rate_transactions',
]

/**
 * What each figure can be: NPS −100…100, CSAT top-2-box share 0…100 %, CES mean 1…7, CSM mean of
 * the 7-level answers −60…60, SERVQUAL mean gap (perception − expectation on 1–7 scales) −6…6,
 * over all dimensions or one; SLA compliance and recovery rate 0…100 % of the cases whose outcome
 * is known; complaints per 10,000 customers (a month) or per 10,000 purchases 0…10,000.
 */
export const METRIC_RANGES: Record<TargetMetric, readonly [number, number]> = {
  nps: [-100, 100],
  csat: [0, 100],
  ces: [1, 7],
  csm: [-60, 60],
  servqual: [-6, 6],
  servqual_tangibles: [-6, 6],
  servqual_reliability: [-6, 6],
  servqual_responsiveness: [-6, 6],
  servqual_assurance: [-6, 6],
  servqual_empathy: [-6, 6],
  sla: [0, 100],
  recovery: [0, 100],
  complaint_rate_customers: [0, 10000],
  complaint_rate_transactions: [0, 10000],
}

/** A month `2026-11`, a quarter `2026-Q4` or a year `2026`. */
export const PeriodSchema = z
  .string()
  .trim()
  .regex(/^(19|20|21)\d\d(-(0[1-9]|1[0-2])|-Q[1-4])?$/)
export type PeriodType = 'month' | 'quarter' | 'year'

export const TargetSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  metric: TargetMetricSchema,
  periodType: z.enum(['month', 'quarter', 'year']),
  period: z.string(),
  value: z.number(),
  origin: z.enum(['manual', 'cascade']),
  cascadedFrom: z.string().nullable(),
  updatedAt: z.number(),
})
export type TargetRecord = z.infer<typeof TargetSchema>

export const TargetInputSchema = z.object({
  unitId: z.string().min(1),
  metric: TargetMetricSchema,
  period: PeriodSchema,
  value: z.number(),
})
export type TargetInput = z.input<typeof TargetInputSchema>

export const CascadeInputSchema = z.object({
  /** `same`: every child gets the value; `weighted`: children keep their spread, volume-weighted mean = the parent's. */
  mode: z.enum(['same', 'weighted']).default('same'),
  /** Cascade to every level below (default) or to the children only. */
  depth: z.enum(['children', 'subtree']).default('subtree'),
})
export type CascadeInput = z.input<typeof CascadeInputSchema>

export const TargetListQuerySchema = z.object({
  period: PeriodSchema.optional(),
  metric: TargetMetricSchema.optional(),
  unitId: z.string().min(1).optional(),
  /**
   * A weighted survey (settings.weightField): NPS, CSAT, CES, CSM and SERVQUAL targets are
   * evaluated on its weighted figures with Kish's effective n, as its weighted league ranks them;
   * case and complaint metrics are not answers and stay as they are.
   */
  surveyId: z.string().min(1).optional(),
})

export const TargetProgressSchema = TargetSchema.extend({
  unitCode: z.string(),
  unitNameZh: z.string(),
  unitNameEn: z.string().nullable(),
  /** The unit's figure so far this period (its subtree); null without answers. */
  current: z.number().nullable(),
  n: z.number(),
  /** current − value (positive = above target when higher is better). */
  gap: z.number().nullable(),
  metNow: z.boolean().nullable(),
  /** Probability the period's final figure meets the target; null without answers. */
  probability: z.number().nullable(),
  finalCi95: z.tuple([z.number(), z.number()]).nullable(),
  /** Answers still expected before the period ends, at the run rate so far. */
  expectedRemaining: z.number(),
  /** Below one half: the unit is off track. */
  offTrack: z.boolean(),
  /** The weighted survey the figure is of (n is then Kish's effective n); null when unweighted. */
  weightedBy: z.string().nullable(),
})
export type TargetProgress = z.infer<typeof TargetProgressSchema>

export const TargetListSchema = z.object({ targets: z.array(TargetProgressSchema) })

export const LeagueQuerySchema = z.object({
  /** The parent whose children are ranked; absent = the organisation's top-level units. */
  parentId: z.string().min(1).optional(),
  metric: TargetMetricSchema.default('nps'),
  period: PeriodSchema.optional(),
  minN: z.coerce.number().int().min(1).max(10000).default(30),
  /**
   * A weighted survey (settings.weightField): its answers only, each weighted, units ranked with
   * Kish's effective n (analytics/weighted-league.ts). Absent: every survey's answers, unweighted.
   */
  surveyId: z.string().min(1).optional(),
})

export const LeagueRowSchema = z.object({
  unitId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  type: z.string(),
  hasChildren: z.boolean(),
  n: z.number(),
  raw: z.number().nullable(),
  rawCi95: z.tuple([z.number(), z.number()]).nullable(),
  shrunk: z.number().nullable(),
  shrunkCi95: z.tuple([z.number(), z.number()]).nullable(),
  shrinkage: z.number().nullable(),
  rank: z.number().nullable(),
  belowMinimum: z.boolean(),
  versusRest: z
    .object({
      difference: z.number(),
      pValue: z.number(),
      verdict: z.enum(['better', 'worse', 'same']),
    })
    .nullable(),
  target: z.number().nullable(),
  /**
   * On a weighted league: answers counted, answers without a valid weight (left out) and Kish's
   * effective n (Σw)²/Σw² that `n` then holds; null on an unweighted league.
   */
  weighting: z
    .object({ answers: z.number(), unweighted: z.number(), effectiveN: z.number() })
    .nullable(),
  /** Complaints (feedback records of kind complaint) in the unit's subtree in the period. */
  complaints: z.number(),
})
export type LeagueRow = z.infer<typeof LeagueRowSchema>

export const LeagueSchema = z.object({
  parent: z
    .object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string().nullable() })
    .nullable(),
  /** Ancestors of the parent, root first, for the breadcrumb. */
  path: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string().nullable() })),
  /** The parent's own figure over its whole subtree (null at the top level). */
  parentFigure: z.object({ value: z.number().nullable(), n: z.number() }).nullable(),
  metric: TargetMetricSchema,
  period: z.string(),
  minN: z.number(),
  grandMean: z.number().nullable(),
  shrinkageApplied: z.boolean(),
  /** The weighted survey ranked on (its id and weight field), or null: unweighted, all surveys. */
  weighted: z.object({ surveyId: z.string(), weightField: z.string() }).nullable(),
  rows: z.array(LeagueRowSchema),
  /** Unit × month heat map over the 12 months to the period's end: figure and n per cell. */
  months: z.array(z.string()),
  heatMap: z.array(
    z.object({
      unitId: z.string(),
      /** Per month: the figure, its n and the complaints of the unit's subtree that month. */
      cells: z.array(
        z.object({ value: z.number().nullable(), n: z.number(), complaints: z.number() }),
      ),
    }),
  ),
})
export type League = z.infer<typeof LeagueSchema>

export const OffTrackSchema = z.object({ targets: z.array(TargetProgressSchema) })
