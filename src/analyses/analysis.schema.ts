import { z } from 'zod'

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
] as const

/** An uploaded file is at most 10 MB before base64. */
export const ANALYSIS_FILE_MAX_BYTES = 10 * 1024 * 1024

export const AnalysisRequestSchema = z.object({
  file: z.object({
    name: z
      .string()
      .regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx')
      .max(200),
    /** The file's bytes, base64-encoded. */
    contentBase64: z
      .string()
      .min(1)
      .max(Math.ceil((ANALYSIS_FILE_MAX_BYTES * 4) / 3) + 4, 'file is larger than 10 MB'),
  }),
  /** The same options as `manyi analyze` (camelCase, e.g. {"column": "nps"}); a PLS model goes inline in `model`. */
  options: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.object({}).passthrough()]))
    .default({}),
})
export type AnalysisRequest = z.infer<typeof AnalysisRequestSchema>

/**
 * The result of an analysis: each method has its own shape, the same as
 * `manyi analyze <method> --json` prints (docs/cli.md), so the wire contract
 * fixes only that it is a JSON object.
 */
export const AnalysisResultSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'The method’s result, as `manyi analyze <method> --json` prints it' })
