import { z } from 'zod'
import { IsoTimeSchema } from '../shared/wire-schema.js'

/** Browser-safe: corrections of the text analysis and what the organisation's model learned. */

const SentimentSchema = z.enum(['positive', 'neutral', 'negative'])

export const TextCorrectionSchema = z.object({
  feedbackId: z.string(),
  /** null: the sentiment was not corrected. */
  sentiment: SentimentSchema.nullable(),
  /** null: the topics were not corrected. */
  topics: z.array(z.string()).nullable(),
  /** What the analysis had said. */
  previousSentiment: SentimentSchema.nullable(),
  correctedAt: IsoTimeSchema,
})
export type TextCorrection = z.infer<typeof TextCorrectionSchema>

export const SentimentLearningSchema = z.object({
  /** Corrections stored for the organisation. */
  corrections: z.number(),
  /** Sentiment corrections needed before a model is trained. */
  minimum: z.number(),
  /** Corrections newer than the model wait for the next training. */
  pending: z.boolean(),
  model: z
    .object({
      trainedAt: IsoTimeSchema,
      corrections: z.number(),
      /** Share of the corrected comments the shipped model labelled as the agents did. */
      accuracyBefore: z.number(),
      /** The same with the organisation's model, each comment labelled by a model that never saw it. */
      accuracyAfter: z.number(),
      folds: z.number(),
    })
    .nullable(),
  recent: z.array(TextCorrectionSchema),
})
export type SentimentLearning = z.infer<typeof SentimentLearningSchema>
