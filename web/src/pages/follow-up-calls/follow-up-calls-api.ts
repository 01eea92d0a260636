import type { z } from 'zod'
import type {
  CallAttemptInput,
  CallAttemptResultSchema,
  FollowUpCallConsole,
  FollowUpCallListSchema,
} from '../../../../src/follow-up-calls/follow-up-call.schema'
import { api } from '../../api/client'

// Telephone follow-up (95598 回访). Types inferred from the server's schemas.

export type {
  CallAttempt,
  FollowUpCall,
  FollowUpCallConsole,
} from '../../../../src/follow-up-calls/follow-up-call.schema'

export const fetchMyCalls = () =>
  api<z.infer<typeof FollowUpCallListSchema>>('GET', '/follow-up-calls')
export const fetchCallConsole = (id: string) =>
  api<FollowUpCallConsole>('GET', `/follow-up-calls/${encodeURIComponent(id)}`)
export const recordAttempt = (id: string, input: CallAttemptInput) =>
  api<z.infer<typeof CallAttemptResultSchema>>(
    'POST',
    `/follow-up-calls/${encodeURIComponent(id)}/attempts`,
    input,
  )
