import type { z } from 'zod'
import type { CommitmentListSchema } from '../../../src/commitments/commitment.schema'
import { api } from './client'

// Service commitments (承诺). Types inferred from the server's response schema.

export type CommitmentList = z.infer<typeof CommitmentListSchema>

export const fetchCommitments = () => api<CommitmentList>('GET', '/commitments')

export type { CommitmentPerformance } from '../../../src/commitments/commitment.schema'
export type { QueueWaits } from '../../../src/commitments/queue.schema'

export const fetchCommitmentPerformance = () =>
  api<import('../../../src/commitments/commitment.schema').CommitmentPerformance>(
    'GET',
    '/commitments/performance',
  )
export const fetchQueueWaits = () =>
  api<import('../../../src/commitments/queue.schema').QueueWaits>('GET', '/queue-waits')
