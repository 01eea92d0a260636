import type { z } from 'zod'
import type { CommitmentListSchema } from '../../../src/commitments/commitment.schema'
import { api } from './client'

// Service commitments (承诺). Types inferred from the server's response schema.

export type CommitmentList = z.infer<typeof CommitmentListSchema>

export const fetchCommitments = () => api<CommitmentList>('GET', '/commitments')

export type { CommitmentPerformance } from '../../../src/commitments/commitment.schema'
export type { QueueWaits } from '../../../src/commitments/queue.schema'

/** Instants [from, to) of a period; absent, the API's own default. */
type Period = { from?: string; to?: string }
const periodQuery = (period: Period) => {
  const q = new URLSearchParams()
  if (period.from) q.set('from', period.from)
  if (period.to) q.set('to', period.to)
  const query = q.toString()
  return query ? `?${query}` : ''
}

/** Kept and missed orders of clocks started in [from, to) (default the last 90 days). */
export const fetchCommitmentPerformance = (period: Period = {}) =>
  api<import('../../../src/commitments/commitment.schema').CommitmentPerformance>(
    'GET',
    `/commitments/performance${periodQuery(period)}`,
  )
/** Waits of tickets taken in [from, to) (default the last 28 days). */
export const fetchQueueWaits = (period: Period = {}) =>
  api<import('../../../src/commitments/queue.schema').QueueWaits>(
    'GET',
    `/queue-waits${periodQuery(period)}`,
  )

/** Perceived against actual waits in [from, to) (default the last 28 days); without a choice the server reads the first suitable survey and question. */
export const fetchPerceivedWaits = (choice: {
  surveyId?: string
  questionId?: string
  from?: string
  to?: string
}) => {
  const q = new URLSearchParams()
  if (choice.from) q.set('from', choice.from)
  if (choice.to) q.set('to', choice.to)
  if (choice.surveyId) q.set('surveyId', choice.surveyId)
  if (choice.questionId) q.set('questionId', choice.questionId)
  const query = q.toString()
  return api<import('../../../src/commitments/perceived-wait.schema').PerceivedWaits>(
    'GET',
    `/queue/perceived-waits${query ? `?${query}` : ''}`,
  )
}
