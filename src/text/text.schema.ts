import type { EmergingTopic } from '../analytics/emerging-topics.js'

/** Browser-safe: the shapes the text analysis returns, shared with the admin app. */

export type Language = 'zh' | 'en' | 'mixed' | 'none'
export type SentimentLabel = 'positive' | 'neutral' | 'negative'

/** What Manyi reads in one comment. */
export interface TextAnalysis {
  language: Language
  sentiment: SentimentLabel
  /** −1 … +1 */
  score: number
  topics: string[]
  /** Sentiment per topic, from the clauses that mention it ("服务态度很好，但是配送太慢了"). */
  aspects: Array<{ topic: string; sentiment: SentimentLabel; score: number }>
  /** The text was longer than the analysis reads (5,000 characters). */
  truncated: boolean
}

export interface TextInsights {
  total: number
  sentiment: { positive: number; neutral: number; negative: number }
  languages: Record<string, number>
  topics: Array<{
    key: string
    label: { 'zh-CN': string; 'en-US'?: string }
    count: number
    positive: number
    neutral: number
    negative: number
  }>
  keywords: Array<{ word: string; count: number }>
  /** How many of the latest comments the keywords and clusters were read from (all of them up to 10,000). */
  keywordSample: number
  emerging: Array<EmergingTopic & { label: { 'zh-CN': string; 'en-US'?: string } }>
  unmatched: Array<{ keyword: string; count: number; examples: string[] }>
}
