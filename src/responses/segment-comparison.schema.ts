import { z } from 'zod'
import { FigureSchema, IntervalSchema, IsoTimeSchema } from '../shared/wire-schema.js'

// GET /api/v1/surveys/:id/segment-comparison. Browser-safe: the admin app's types come from here.

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date')

/** A hidden field the comparison may be asked for (and the weighted segment sums keep). */
export const SEGMENT_FIELD_PATTERN = /^\p{L}[\p{L}\p{N}_-]{0,39}$/u

export const SegmentComparisonQuerySchema = z.object({
  /** The hidden field whose values are compared (store, region, …), as the answers carry it. */
  field: z.string().regex(SEGMENT_FIELD_PATTERN, 'must be a segment field name'),
  metric: z.enum(['nps', 'csat', 'ces']).default('nps'),
  /** Local dates, both included; without them the last 12 whole months and this one. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
})
export type SegmentComparisonQuery = z.infer<typeof SegmentComparisonQuerySchema>

const F = FigureSchema

export const SegmentScoreRowSchema = z.object({
  segment: z.string(),
  n: z.number(),
  /** NPS points, CSAT percent, CES mean on 1–7. */
  value: F.nullable(),
  ci95: IntervalSchema,
  lowConfidence: z.boolean(),
  rank: z.number(),
  /** A weighted survey: answers left out for lack of a valid weight, and Kish's n_eff. */
  unweighted: z.number().optional(),
  effectiveN: z.number().optional(),
  vsRest: z
    .object({
      test: z.enum(['nps-z', 'two-proportion-z', 'welch-t']),
      difference: F,
      pValue: F,
      adjustedP: F,
      isSignificant: z.boolean(),
    })
    .nullable(),
})

export const SegmentComparisonSchema = z.object({
  surveyId: z.string(),
  field: z.string(),
  metric: z.enum(['nps', 'csat', 'ces']),
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  timezone: z.string(),
  /** Which of the three scores the survey asks. */
  metrics: z.object({ nps: z.boolean(), csat: z.boolean(), ces: z.boolean() }),
  /** All answers in the window, for the line "all segments". */
  overall: z.object({
    n: z.number(),
    value: F.nullable(),
    ci95: IntervalSchema,
    effectiveN: z.number().optional(),
  }),
  /** Ranked best first, each against all other answers (Holm-adjusted over the table). */
  rows: z.array(SegmentScoreRowSchema),
  heatMap: z.object({
    months: z.array(z.string()),
    segments: z.array(z.string()),
    cells: z.array(z.array(z.object({ n: z.number(), value: F.nullable() }))),
  }),
  /**
   * The survey's respondent weights (settings.weightField) applied: every figure is weighted with
   * intervals and tests on Kish's n_eff (weighted-segment-comparison.ts), `n` counts the answers
   * with a valid weight; `answers` is all answers to the metric with the field, `unweighted` those
   * left out for lack of a valid weight. Null when the survey has no weights.
   */
  weighted: z
    .object({ weightField: z.string(), answers: z.number(), unweighted: z.number() })
    .nullable(),
})
export type SegmentComparisonView = z.infer<typeof SegmentComparisonSchema>
