import { z } from 'zod'

/** Browser-safe: what answer imports report (response-import.ts, import-job.service.ts). */

export const ImportReportSchema = z.object({
  mode: z.enum(['all-or-nothing', 'skip-invalid']),
  rows: z.number(),
  imported: z.number(),
  /** Rows whose key was imported before (a re-run of the same file imports nothing twice). */
  duplicates: z.number(),
  invalid: z.number(),
  issues: z.array(
    z.object({
      /** Row number in the file (the header is row 1). */
      row: z.number(),
      column: z.string(),
      reason: z.string(),
      allowed: z.string().optional(),
    }),
  ),
  /** Which column fed which question. */
  mapping: z.record(z.string(), z.string()),
})

export const ImportJobSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  file: z.string(),
  status: z.enum(['reading', 'checking', 'writing', 'done', 'failed']),
  done: z.number(),
  total: z.number(),
  report: ImportReportSchema.nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) })
    .nullable(),
})
