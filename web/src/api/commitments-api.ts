import type { z } from 'zod'
import type { CommitmentListSchema } from '../../../src/commitments/commitment.schema'
import { api } from './client'

// Service commitments (承诺). Types inferred from the server's response schema.

export type CommitmentList = z.infer<typeof CommitmentListSchema>

export const fetchCommitments = () => api<CommitmentList>('GET', '/commitments')
