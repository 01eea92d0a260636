import { z } from 'zod'
import {
  DetailSchema,
  FigureSchema as F,
  IsoTimeSchema,
  LabelSchema,
} from '../shared/wire-schema.js'

/** Browser-safe: the shapes the text analysis returns, shared with the admin app. */

const LanguageSchema = z.enum(['zh', 'en', 'mixed', 'none'])
export type Language = z.infer<typeof LanguageSchema>
const SentimentSchema = z.enum(['positive', 'neutral', 'negative'])
export type SentimentLabel = z.infer<typeof SentimentSchema>

/** What Manyi reads in one comment. */
export const TextAnalysisSchema = z.object({
  language: LanguageSchema,
  sentiment: SentimentSchema,
  /** −1 … +1 */
  score: F,
  topics: z.array(z.string()),
  /** Sentiment per topic, from the clauses that mention it ("服务态度很好，但是配送太慢了"). */
  aspects: z.array(z.object({ topic: z.string(), sentiment: SentimentSchema, score: F })),
  /** The text was longer than the analysis reads (5,000 characters). */
  truncated: z.boolean(),
})
export type TextAnalysis = z.infer<typeof TextAnalysisSchema>

export const TextInsightsSchema = z.object({
  total: z.number(),
  sentiment: z.object({ positive: z.number(), neutral: z.number(), negative: z.number() }),
  languages: z.record(z.string(), z.number()),
  topics: z.array(
    z.object({
      key: z.string(),
      label: LabelSchema,
      count: z.number(),
      positive: z.number(),
      neutral: z.number(),
      negative: z.number(),
    }),
  ),
  keywords: z.array(z.object({ word: z.string(), count: z.number() })),
  /** How many of the latest comments the keywords and clusters were read from (all of them up to 10,000). */
  keywordSample: z.number(),
  emerging: z.array(
    z.object({
      topic: z.string(),
      label: LabelSchema,
      recentShare: F,
      baselineShare: F,
      /** recentShare / baselineShare; null (not finite) when the topic is new. */
      lift: F,
      z: F,
      /** One-sided p-value of "the share rose". */
      pValue: F,
    }),
  ),
  unmatched: z.array(
    z.object({ keyword: z.string(), count: z.number(), examples: z.array(z.string()) }),
  ),
})
export type TextInsights = z.infer<typeof TextInsightsSchema>

/** Early warnings (GET /api/v1/alerts), newest first. */
export const AlertListSchema = z.object({
  alerts: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      key: z.string(),
      title: z.string(),
      detail: DetailSchema,
      createdAt: IsoTimeSchema,
    }),
  ),
})
