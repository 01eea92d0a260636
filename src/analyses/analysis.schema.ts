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

/** Rows kept: those whose `column` holds one of `values` (a store, a channel, a segment). */
export const AnalysisFilterSchema = z.object({
  column: z.string().min(1).max(500),
  values: z.array(z.string().max(500)).min(1).max(100),
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
