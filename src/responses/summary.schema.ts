import { z } from 'zod'
import { FigureSchema, IntervalSchema, IsoTimeSchema } from '../shared/wire-schema.js'

const DateOrDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date')

export const SummaryQuerySchema = z.object({
  from: DateOrDateTime.optional(),
  to: DateOrDateTime.optional(),
  interval: z.enum(['day', 'week', 'month']).default('week'),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .optional(),
  /** A segment field and value, e.g. `region:华东`. */
  segment: z
    .string()
    .regex(/^\p{L}[\p{L}\p{N}_-]{0,39}:.{1,200}$/u, 'must be FIELD:VALUE, e.g. region:华东')
    .transform((s) => ({ field: s.slice(0, s.indexOf(':')), value: s.slice(s.indexOf(':') + 1) }))
    .optional(),
  /** Only the answers of this unit and everything below it (within the reader's units); UNIT_NOT_FOUND otherwise. */
  unit: z.string().min(1).max(100).optional(),
  /** Analysis only: the CSI's weights (equal, stated importance, drivers) when the answers allow them. */
  csiWeights: z.enum(['given', 'importance', 'drivers']).optional(),
  /** Analysis only: leave out pilot answers (default), analyse only them, or include them. */
  pilot: z.enum(['exclude', 'only', 'include']).default('exclude'),
})
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>

// What the dashboard answers with (GET /api/v1/surveys/:id/summary). Browser-safe: the admin app's types come from here.

const F = FigureSchema

export const NpsFiguresSchema = z.object({
  promoters: z.number(),
  passives: z.number(),
  detractors: z.number(),
  n: z.number(),
  /** NPS in points, −100..100; null when n = 0. */
  nps: F.nullable(),
  variance: F.nullable(),
  se: F.nullable(),
  /** Adjusted-Wald interval in points (Rocks 2016). */
  ci95: IntervalSchema,
  wald95: IntervalSchema,
  lowConfidence: z.boolean(),
})

export const CsatFiguresSchema = z.object({
  n: z.number(),
  satisfied: z.number(),
  /** Top-2-box share in percent. */
  csat: F.nullable(),
  ci95: IntervalSchema,
  mean: F.nullable(),
  lowConfidence: z.boolean(),
})

export const CesFiguresSchema = z.object({
  n: z.number(),
  mean: F.nullable(),
  sd: F.nullable(),
  ci95: IntervalSchema,
  /** Share agreeing (5–7) in percent. */
  agreeShare: F.nullable(),
  lowConfidence: z.boolean(),
})

export const MetricSetSchema = z.object({
  responses: z.number(),
  nps: NpsFiguresSchema.nullable(),
  csat: CsatFiguresSchema.nullable(),
  ces: CesFiguresSchema.nullable(),
})

const WeightedFigureBase = {
  /** Answers to this question with a valid weight. */
  n: z.number(),
  /** Answers to this question left out for lack of a valid weight. */
  unweighted: z.number(),
  /** Kish's effective sample size (Σw)²/Σw². */
  effectiveN: F,
  /** On the effective n; null below 5 answers. */
  ci95: IntervalSchema,
}

/** The headline figures weighted by the survey's respondent weights (settings.weightField). */
const WeightedFiguresSchema = z.object({
  answers: z.number(),
  weighted: z.number(),
  nps: z.object({ ...WeightedFigureBase, nps: F }).nullable(),
  csat: z.object({ ...WeightedFigureBase, csat: F }).nullable(),
  ces: z.object({ ...WeightedFigureBase, mean: F, agreeShare: F }).nullable(),
})

const ChangeSchema = z.object({ difference: F, pValue: F, isSignificant: z.boolean() }).nullable()

export const WeightedHeadlineSchema = WeightedFiguresSchema.extend({
  weightField: z.string(),
  /** The same figures per period (its first day), each over that period's answers. */
  trend: z.array(WeightedFiguresSchema.extend({ period: z.string() })),
  /**
   * NPS per channel weighted (weighted-segment-comparison.ts: score interval on Kish's n_eff, each
   * channel against the rest by the trinomial z on effective counts, p unadjusted as in the
   * unweighted `channels`); `n` counts the channel's answers with a valid weight.
   */
  channels: z.array(
    z.object({
      segment: z.string(),
      nps: z.object({
        nps: F.nullable(),
        ci95: IntervalSchema,
        n: z.number(),
        effectiveN: z.number(),
        unweighted: z.number(),
      }),
      vsRest: ChangeSchema,
    }),
  ),
})
const IntervalName = z.enum(['day', 'week', 'month'])

export const SurveySummarySchema = z.object({
  surveyId: z.string(),
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  interval: IntervalName,
  timezone: z.string(),
  metrics: z.object({ nps: z.boolean(), csat: z.boolean(), ces: z.boolean() }),
  /** Whether the survey asks a free-text question, i.e. whether it can have comments to show. */
  collectsComments: z.boolean(),
  totals: MetricSetSchema,
  /** Null when the survey has no weightField; `totals` stays unweighted either way. */
  weighted: WeightedHeadlineSchema.nullable(),
  distributions: z.object({
    nps: z.array(z.number()).nullable(),
    csat: z.array(z.number()).nullable(),
    ces: z.array(z.number()).nullable(),
  }),
  /** One entry per period; `period` is its first local date, YYYY-MM-DD. */
  trend: z.array(MetricSetSchema.extend({ period: z.string() })),
  /** NPS per channel, each tested against all other answers. */
  channels: z.array(z.object({ segment: z.string(), nps: NpsFiguresSchema, vsRest: ChangeSchema })),
  /** The same-length period just before, and each metric's change since then. */
  previousPeriod: z.object({
    from: IsoTimeSchema,
    to: IsoTimeSchema,
    totals: MetricSetSchema,
    changes: z.object({ nps: ChangeSchema, csat: ChangeSchema, ces: ChangeSchema }),
  }),
  /** Daily detractor share on a p chart, signals marked. */
  detractorControl: z
    .object({
      dates: z.array(z.string()),
      chart: z.object({
        center: F,
        points: z.array(
          z.object({ value: F, lcl: F, ucl: F, isBeyondLimits: z.boolean(), isInRun: z.boolean() }),
        ),
        signals: z.array(z.number()),
      }),
    })
    .nullable(),
  latestComments: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      nps: z.number().nullable(),
      csat: z.number().nullable(),
      channel: z.string(),
      submittedAt: IsoTimeSchema,
    }),
  ),
})
export type SurveySummaryView = z.infer<typeof SurveySummarySchema>

/** GET /api/v1/surveys/:id/units: the units the reader may limit the dashboard to (their own units and below). */
export const DashboardUnitsSchema = z.object({
  units: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string().nullable(),
      parentId: z.string().nullable(),
      /** Closed units keep the answers they had. */
      closed: z.boolean(),
    }),
  ),
})
export type DashboardUnits = z.infer<typeof DashboardUnitsSchema>
