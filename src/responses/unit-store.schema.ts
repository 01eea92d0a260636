import { z } from 'zod'

/** The unmatched store values report and the matching's result (browser-safe). */
export const UnmatchedStoreValuesSchema = z.object({
  values: z.array(
    z.object({
      value: z.string(),
      answers: z.number(),
      firstAt: z.string(),
      lastAt: z.string(),
    }),
  ),
})

export const StoreMatchResultSchema = z.object({
  attributed: z.number(),
  byCode: z.array(z.object({ code: z.string(), answers: z.number() })),
})
