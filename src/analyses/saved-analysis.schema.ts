import { z } from 'zod'
import { DateRangeSchema } from '../shared/date-range-preset.js'
import { IsoTimeSchema } from '../shared/wire-schema.js'
import {
  AnalysisFileSchema,
  AnalysisFilterSchema,
  AnalysisOptionsSchema,
  AnalysisResultSchema,
} from './analysis.schema.js'

/** Browser-safe: workbench analyses kept to run again on current data (migration 0025). */

/** What a saved analysis reads: a survey's current answers, or a file of the same layout given at each run. */
export const SavedAnalysisSourceSchema = z.union([
  z.object({
    survey: z.object({ id: z.string().min(1).max(64), lang: z.enum(['zh-CN', 'en-US']) }),
  }),
  z.object({ file: z.object({ name: z.string().min(1).max(200) }) }),
])
export type SavedAnalysisSource = z.infer<typeof SavedAnalysisSourceSchema>

/** Everything a run needs besides the data: the method's options, the row filters and the period. */
export const SavedAnalysisSettingsSchema = z.object({
  options: AnalysisOptionsSchema,
  filters: z.array(AnalysisFilterSchema).max(10).default([]),
  /** Rows submitted within this period (by the table's submission-time column); absent: all rows. */
  period: DateRangeSchema.optional(),
})

export const SaveAnalysisBodySchema = SavedAnalysisSettingsSchema.extend({
  name: z.string().trim().min(1).max(120),
  /** A method of the workbench (the analysis API's :method). */
  method: z.string().min(1).max(40),
  source: SavedAnalysisSourceSchema,
})
export type SaveAnalysisBody = z.infer<typeof SaveAnalysisBodySchema>

export const RenameAnalysisBodySchema = z.object({ name: z.string().trim().min(1).max(120) })

export const SavedAnalysisSchema = z.object({
  id: z.string(),
  name: z.string(),
  method: z.string(),
  source: SavedAnalysisSourceSchema,
  options: AnalysisOptionsSchema,
  filters: z.array(AnalysisFilterSchema),
  period: DateRangeSchema.optional(),
  createdBy: z.string(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  lastRunAt: IsoTimeSchema.nullable(),
})
export type SavedAnalysis = z.infer<typeof SavedAnalysisSchema>

export const SavedAnalysisListSchema = z.object({ analyses: z.array(SavedAnalysisSchema) })

/** POST /api/v1/saved-analyses/:id/run: a file source's new file (the survey source needs none). */
export const RunSavedAnalysisBodySchema = z.object({ file: AnalysisFileSchema.optional() })

export const SavedAnalysisRunSchema = z.object({
  analysis: SavedAnalysisSchema,
  /** The dates the period covered on this run, when it has one. */
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** Rows analysed after the filters and period. */
  rows: z.number(),
  result: AnalysisResultSchema,
})
export type SavedAnalysisRun = z.infer<typeof SavedAnalysisRunSchema>
