import { z } from 'zod'

/** Browser-safe (zod only): a survey's weighted roll-up rebuild as the survey editor shows it. */

export const ROLLUP_REBUILD_STATUSES = ['queued', 'running', 'done', 'failed'] as const

export const RollupRebuildJobSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  /** The weight field the rebuild applies; null when the survey is no longer weighted. */
  weightField: z.string().nullable(),
  status: z.enum(ROLLUP_REBUILD_STATUSES),
  /** Answers read so far, of `total` (0 of 0 until the job starts). */
  done: z.number().int(),
  total: z.number().int(),
  /** The error's code when failed (its text is in the server log). */
  errorCode: z.string().nullable(),
  requestedAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
})
export type RollupRebuildJob = z.infer<typeof RollupRebuildJobSchema>

/** The survey's latest rebuild, or null when its weights never changed. */
export const SurveyRollupRebuildSchema = z.object({ job: RollupRebuildJobSchema.nullable() })
export type SurveyRollupRebuild = z.infer<typeof SurveyRollupRebuildSchema>
