import { describe, expect, it } from 'vitest'
import { nextOutboxAttempt } from './outbox-retry.service.js'

describe('nextOutboxAttempt', () => {
  const now = 1_700_000_000_000
  it('waits 1 min, 5 min, 30 min and 2 h after the first four failures, then gives up', () => {
    expect(nextOutboxAttempt(1, now)).toEqual({ retry: true, nextAt: now + 60_000 })
    expect(nextOutboxAttempt(2, now)).toEqual({ retry: true, nextAt: now + 300_000 })
    expect(nextOutboxAttempt(3, now)).toEqual({ retry: true, nextAt: now + 1_800_000 })
    expect(nextOutboxAttempt(4, now)).toEqual({ retry: true, nextAt: now + 7_200_000 })
    expect(nextOutboxAttempt(5, now)).toEqual({ retry: false, nextAt: now })
  })
  it('never retries a permanent failure', () => {
    expect(nextOutboxAttempt(1, now, true)).toEqual({ retry: false, nextAt: now })
  })
})
