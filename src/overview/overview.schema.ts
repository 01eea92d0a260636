import { z } from 'zod'
import { CaseSummarySchema } from '../cases/case.schema.js'
import { MetricSetSchema } from '../responses/summary.schema.js'
import { FigureSchema, IntervalSchema, IsoTimeSchema } from '../shared/wire-schema.js'
import { LocalizedTextSchema } from '../surveys/survey.schema.js'

// The home page's overview across all of an organisation's surveys (GET /api/v1/overview).
// Browser-safe: the admin app's types come from here.

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date')

export const OverviewQuerySchema = z.object({
  /** First local day of the period (the organisation's calendar); default: 90 days before `to`. */
  from: Day.optional(),
  /** Last local day of the period, included; default: today. */
  to: Day.optional(),
  /** Only this unit and everything below it (within the reader's units); UNIT_NOT_FOUND otherwise. */
  unit: z.string().min(1).max(100).optional(),
})
export type OverviewQuery = z.infer<typeof OverviewQuerySchema>

const ChangeSchema = z.object({
  difference: FigureSchema,
  pValue: FigureSchema,
  isSignificant: z.boolean(),
})

export const OverviewSchema = z.object({
  /** The unit the overview is limited to (?unit=), from the top of the tree down; empty = all. */
  unitPath: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      nameZh: z.string(),
      nameEn: z.string().nullable(),
    }),
  ),
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  previousFrom: IsoTimeSchema,
  previousTo: IsoTimeSchema,
  /** How many surveys had answers in the period, of how many the organisation has. */
  surveysAnswered: z.number(),
  surveys: z.number(),
  /**
   * Answered surveys with respondent weights (settings.weightField). The overview pools answers
   * of every survey unweighted: each survey's weights belong to its own sample frame, so they are
   * not on one scale; the page says so and points to the survey's weighted dashboard. The lowest
   * channels lie each within one survey and are weighted by it (`worstSegments[].weighted`).
   */
  weightedSurveys: z.number(),
  /** All surveys' answers pooled: each metric over the surveys that ask it. */
  totals: MetricSetSchema,
  previousTotals: MetricSetSchema,
  /** This period against the one just before: NPS two-sample z, CSAT two-proportion z, CES Welch t. */
  changes: z.object({
    nps: ChangeSchema.nullable(),
    csat: ChangeSchema.nullable(),
    ces: ChangeSchema.nullable(),
  }),
  /**
   * Channels of each survey with the lowest NPS (at least MIN_SEGMENT_N answers), worst first.
   * A weighted survey's channels are weighted as its dashboard's (Σw·x/Σw, interval and test on
   * Kish's n_eff); `n` counts answers with a valid weight, `unweighted` those left out for lack
   * of one. An unweighted survey's channel has effectiveN = n and unweighted = 0.
   */
  worstSegments: z.array(
    z.object({
      surveyId: z.string(),
      surveyTitle: LocalizedTextSchema,
      channel: z.string(),
      weighted: z.boolean(),
      nps: z.object({
        nps: FigureSchema.nullable(),
        ci95: IntervalSchema,
        n: z.number(),
        effectiveN: FigureSchema,
        unweighted: z.number(),
      }),
      vsRest: ChangeSchema.nullable(),
    }),
  ),
  /** Days whose detractor share went beyond the p chart's control limits, newest first. */
  alerts: z.array(
    z.object({
      surveyId: z.string(),
      surveyTitle: LocalizedTextSchema,
      date: z.string(),
      /** Detractor share that day and the chart's upper limit, as fractions. */
      value: FigureSchema,
      ucl: FigureSchema,
    }),
  ),
  /**
   * Open cases at risk (warned) and breached, and the queue's most urgent open cases; null
   * without permission to read cases.
   */
  cases: z
    .object({
      atRisk: z.number(),
      breached: z.number(),
      soonest: z.array(CaseSummarySchema),
    })
    .nullable(),
})
export type Overview = z.infer<typeof OverviewSchema>
