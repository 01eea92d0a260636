import { expect, it } from 'vitest'
import { stateAfterAttempt } from './call-outcome.js'

const rule = { retryAfterHours: 4, maxAttempts: 3 }
const at = Date.parse('2026-06-15T04:00:00Z')
const open = { status: 'open', dueAt: at - 1000, attempts: 0 } as const

it('schedules a call not answered again after the rule’s hours, and gives up at the last attempt', () => {
  const first = stateAfterAttempt(open, { outcome: 'no_answer', at }, rule)
  expect(first).toEqual({ status: 'retry', attempts: 1, dueAt: Date.parse('2026-06-15T08:00:00Z') })
  const second = stateAfterAttempt(first, { outcome: 'no_answer', at: first.dueAt }, rule)
  expect(second).toEqual({
    status: 'retry',
    attempts: 2,
    dueAt: Date.parse('2026-06-15T12:00:00Z'),
  })
  const third = stateAfterAttempt(second, { outcome: 'no_answer', at: second.dueAt }, rule)
  expect(third).toMatchObject({ status: 'unreachable', attempts: 3 })
})

it('makes a call-back due at the asked time without counting an attempt, and refuses one in the past', () => {
  const callBackAt = Date.parse('2026-06-16T02:30:00Z')
  expect(stateAfterAttempt(open, { outcome: 'call_back', at, callBackAt }, rule)).toEqual({
    status: 'call_back',
    attempts: 0,
    dueAt: callBackAt,
  })
  expect(() => stateAfterAttempt(open, { outcome: 'call_back', at, callBackAt: at }, rule)).toThrow(
    RangeError,
  )
})

it('closes the call when reached or refused', () => {
  expect(stateAfterAttempt(open, { outcome: 'reached', at }, rule).status).toBe('done')
  expect(stateAfterAttempt(open, { outcome: 'refused', at }, rule).status).toBe('refused')
})
