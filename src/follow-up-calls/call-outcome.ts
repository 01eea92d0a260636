import type { CallOutcome, CallStatus } from './follow-up-call.schema.js'

/**
 * Where a follow-up call stands after an attempt: pure, so the retry rule is read and tested in
 * one place. A call not answered is due again `retryAfterHours` later until `maxAttempts` attempts
 * have failed to reach the customer, then given up (unreachable); a call-back is due at the time
 * the customer asked for and is not counted as a failed attempt (they were reached); a refusal and
 * an answer close the call.
 */
export interface CallState {
  status: CallStatus
  dueAt: number
  attempts: number
}

export interface RetryRule {
  retryAfterHours: number
  maxAttempts: number
}

const HOUR_MS = 3_600_000

export function stateAfterAttempt(
  current: CallState,
  attempt: { outcome: CallOutcome; at: number; callBackAt?: number },
  rule: RetryRule,
): CallState {
  switch (attempt.outcome) {
    case 'reached':
      return { ...current, status: 'done' }
    case 'refused':
      return { ...current, status: 'refused' }
    case 'call_back': {
      if (attempt.callBackAt === undefined || attempt.callBackAt <= attempt.at)
        throw new RangeError('a call-back needs a time later than the attempt')
      return { ...current, status: 'call_back', dueAt: attempt.callBackAt }
    }
    case 'no_answer': {
      const attempts = current.attempts + 1
      if (attempts >= rule.maxAttempts) return { ...current, attempts, status: 'unreachable' }
      return { status: 'retry', attempts, dueAt: attempt.at + rule.retryAfterHours * HOUR_MS }
    }
  }
}
