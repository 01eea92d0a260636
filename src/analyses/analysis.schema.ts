import { z } from 'zod'
import { DateRangeSchema } from '../shared/date-range-preset.js'

export const ANALYSIS_METHODS = [
  'nps',
  'csat',
  'ces',
  'csm',
  'csi',
  'kano',
  'servqual',
  'ipa',
  'drivers',
  'plspm',
  'alpha',
  'spc',
  'crosstab',
  'value-balance',
  'post-use',
  'clv',
] as const

/** An uploaded file is at most 10 MB before base64. */
export const ANALYSIS_FILE_MAX_BYTES = 10 * 1024 * 1024

export const AnalysisFileSchema = z.object({
  name: z
    .string()
    .regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx')
    .max(200),
  /** The file's bytes, base64-encoded. */
  contentBase64: z
    .string()
    .min(1)
    .max(Math.ceil((ANALYSIS_FILE_MAX_BYTES * 4) / 3) + 4, 'file is larger than 10 MB'),
})

/** A survey's stored answers as the table: its export, headed `question [key]`, in `lang`. */
const AnalysisSurveySourceSchema = z.object({
  id: z.string().min(1).max(64),
  lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
})

/** Where the analysed table comes from: an uploaded file, or one survey's answers. */
const AnalysisSourceSchema = {
  file: AnalysisFileSchema.optional(),
  survey: AnalysisSurveySourceSchema.optional(),
}
const oneSource = (body: { file?: unknown; survey?: unknown }) =>
  (body.file === undefined) !== (body.survey === undefined)
const ONE_SOURCE = { message: 'give either file or survey', path: ['file'] }

/** The same options as `manyi analyze` (camelCase, e.g. {"column": "nps"}); a PLS model goes inline in `model`. */
export const AnalysisOptionsSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.object({}).passthrough()]))
  .default({})

/**
 * How a filter tests a row's cell: `in` / `notIn` one of `values` (a store, a channel, a segment),
 * `contains` any of `values` (case ignored), `gte` / `lte` a number, `between` two numbers (both
 * included; a cell that is not a number fails these), `empty` / `notEmpty` (no values).
 */
export const FILTER_OPERATORS = [
  'in',
  'notIn',
  'contains',
  'gte',
  'lte',
  'between',
  'empty',
  'notEmpty',
] as const
export type FilterOperator = (typeof FILTER_OPERATORS)[number]

/** How many values each operator takes: [at least, at most]. */
const VALUE_COUNTS: Record<FilterOperator, [number, number]> = {
  in: [1, 100],
  notIn: [1, 100],
  contains: [1, 100],
  gte: [1, 1],
  lte: [1, 1],
  between: [2, 2],
  empty: [0, 0],
  notEmpty: [0, 0],
}

const NUMERIC_OPERATORS: ReadonlySet<FilterOperator> = new Set(['gte', 'lte', 'between'])

/** A filter value as a number (gte, lte, between); null when it is not one. */
export function filterNumber(value: string): number | null {
  const trimmed = value.trim()
  if (trimmed === '') return null
  const n = Number(trimmed)
  return Number.isFinite(n) ? n : null
}

/**
 * One condition rows must meet: a column of the table, an operator (`in` when not given, as
 * filters saved before operators were read) and its values. Several conditions all apply.
 */
export const AnalysisFilterSchema = z
  .object({
    column: z.string().min(1).max(500),
    operator: z.enum(FILTER_OPERATORS).default('in'),
    values: z.array(z.string().max(500)).max(100).default([]),
  })
  .superRefine((filter, ctx) => {
    const [least, most] = VALUE_COUNTS[filter.operator]
    if (filter.values.length < least || filter.values.length > most)
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message:
          least === most
            ? `${filter.operator} takes ${least === 0 ? 'no values' : `exactly ${least} value${least > 1 ? 's' : ''}`}`
            : `${filter.operator} takes ${least}–${most} values`,
      })
    if (NUMERIC_OPERATORS.has(filter.operator)) {
      filter.values.forEach((value, i) => {
        if (filterNumber(value) === null)
          ctx.addIssue({ code: 'custom', path: ['values', i], message: 'must be a number' })
      })
      const [low, high] = filter.values.map(filterNumber)
      if (filter.operator === 'between' && low != null && high != null && low > high)
        ctx.addIssue({
          code: 'custom',
          path: ['values', 1],
          message: 'must not be below the first value',
        })
    }
  })
export type AnalysisFilter = z.infer<typeof AnalysisFilterSchema>

export const AnalysisRequestSchema = z
  .object({
    ...AnalysisSourceSchema,
    options: AnalysisOptionsSchema,
    filters: z.array(AnalysisFilterSchema).max(10).default([]),
    /** Rows submitted within this period (the table's submission-time column); absent: all rows. */
    period: DateRangeSchema.optional(),
  })
  .refine(oneSource, ONE_SOURCE)
export type AnalysisRequest = z.infer<typeof AnalysisRequestSchema>

/**
 * The result of an analysis: each method has its own shape, the same as
 * `manyi analyze <method> --json` prints (docs/cli.md), so the wire contract
 * fixes only that it is a JSON object.
 */
export const AnalysisResultSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'The method’s result, as `manyi analyze <method> --json` prints it' })

/** POST /api/v1/analyses/columns: the columns of a file or survey, to pick from instead of typing headers. */
export const AnalysisColumnsRequestSchema = z
  .object(AnalysisSourceSchema)
  .refine(oneSource, ONE_SOURCE)

export const AnalysisColumnsSchema = z.object({
  /** The tool whose export the file is (manyi, wjx, tencent, qualtrics, surveymonkey, limesurvey, plain). */
  tool: z.enum(['manyi', 'wjx', 'tencent', 'qualtrics', 'surveymonkey', 'limesurvey', 'plain']),
  rows: z.number(),
  columns: z.array(
    z.object({
      /** The name the analysis options take. */
      header: z.string(),
      /** The question's words (without numbering or key). */
      question: z.string(),
      /** The option, matrix row or answer part of a question spread over several columns. */
      sub: z.string().optional(),
      role: z.enum(['id', 'submittedAt', 'meta', 'answer']),
      /** Whether every non-empty cell is a number (a score). */
      numeric: z.boolean(),
    }),
  ),
})
export type AnalysisColumns = z.infer<typeof AnalysisColumnsSchema>
