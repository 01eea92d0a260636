import { z } from 'zod'
import { FigureSchema as F } from '../shared/wire-schema.js'
import { LocalizedTextSchema } from '../surveys/survey.schema.js'

/** Browser-safe: the analysis route's part on the newer question types (question-analysis-types.ts). */

const OptionCountSchema = z.object({
  option: z.string(),
  label: LocalizedTextSchema,
  count: z.number(),
})

export const TypeAnalysesShape = {
  rankings: z.array(
    z.object({
      key: z.string(),
      title: LocalizedTextSchema,
      n: z.number(),
      options: z.array(
        z.object({
          option: z.string(),
          label: LocalizedTextSchema,
          ranked: z.number(),
          meanRank: F.nullable(),
          firstShare: F.nullable(),
        }),
      ),
    }),
  ),
  cascades: z.array(
    z.object({
      key: z.string(),
      title: LocalizedTextSchema,
      n: z.number(),
      levels: z.array(
        z.object({
          level: z.number(),
          counts: z.array(
            z.object({
              path: z.string(),
              labels: z.array(LocalizedTextSchema),
              count: z.number(),
            }),
          ),
        }),
      ),
    }),
  ),
  sliders: z.array(
    z.object({
      key: z.string(),
      title: LocalizedTextSchema,
      n: z.number(),
      scale: z.tuple([z.number(), z.number()]),
      mean: F.nullable(),
      sd: F.nullable(),
      ci95: z.tuple([F, F]).nullable(),
      distribution: z.array(z.number()),
      topTwoShare: F.nullable(),
      lowConfidence: z.boolean(),
    }),
  ),
  dates: z.array(
    z.object({
      key: z.string(),
      title: LocalizedTextSchema,
      mode: z.enum(['date', 'time', 'datetime']),
      n: z.number(),
      counts: z.array(z.object({ bucket: z.string(), count: z.number() })),
    }),
  ),
  choiceMatrices: z.array(
    z.object({
      key: z.string(),
      title: LocalizedTextSchema,
      rows: z.array(
        z.object({
          row: z.string(),
          label: LocalizedTextSchema,
          n: z.number(),
          counts: z.array(OptionCountSchema),
        }),
      ),
    }),
  ),
}
