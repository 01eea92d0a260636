import { api } from '../../api/client'
import type {
  SentimentLearning,
  TextCorrection,
} from '../../../../src/text/text-corrections.schema'

export type Sentiment = 'positive' | 'neutral' | 'negative'

/** One click: the agent's sentiment and/or topics for a comment. */
export const correctText = (
  feedbackId: string,
  body: { sentiment?: Sentiment; topics?: string[] },
) =>
  api<TextCorrection>('POST', `/feedback/${encodeURIComponent(feedbackId)}/text-correction`, body)

export const fetchSentimentLearning = () => api<SentimentLearning>('GET', '/text/learning')
