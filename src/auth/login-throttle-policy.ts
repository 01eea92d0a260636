import { RateLimitedError } from '../shared/errors.js'
import { addressKey } from './client-address.js'
import type { ThrottleRow } from './login-throttle.repository.js'

/**
 * Failed logins slow down and then lock the e-mail tried and the client
 * address. Counters live in the database (table login_throttle), so they hold
 * across instances behind a load balancer and across restarts.
 *
 * Every admitted attempt is counted before its password is checked, and the
 * count is a compare-and-set: a burst of parallel guesses cannot all slip in
 * before the first failure is written. A success takes its count back (the
 * address) or clears the counter (the account).
 */
export interface ThrottlePolicy {
  /** From this many failures, each further attempt waits 1 s, 2 s, 4 s, … (at most `maxDelayMs`). */
  delayAfter: number
  maxDelayMs: number
  /** At this many failures the key is locked for `lockMs`. */
  lockAfter: number
  /** Failures count while they come less than this apart; after a quiet window the count starts afresh. */
  windowMs: number
  lockMs: number
}

const MINUTE = 60_000

/** Per e-mail tried: whether or not any account has it, so the answer never tells. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  delayAfter: 5,
  maxDelayMs: MINUTE,
  lockAfter: 10,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
}
/** Per client address: higher, as an office behind one NAT address shares it. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  delayAfter: 20,
  maxDelayMs: MINUTE,
  lockAfter: 50,
  windowMs: 15 * MINUTE,
  lockMs: 15 * MINUTE,
}

export interface ThrottleKey {
  kind: 'account' | 'address'
  key: string
  policy: ThrottlePolicy
}

export function throttleKeys(email: string, address: string): ThrottleKey[] {
  return [
    { kind: 'address', key: `address:${addressKey(address)}`, policy: ADDRESS_POLICY },
    { kind: 'account', key: `account:${email}`, policy: ACCOUNT_POLICY },
  ]
}

/**
 * Passes through a block of the e-mail's counter (a denial of service: anyone
 * can lock an e-mail by guessing) for one user, kept in the same table:
 *
 * - `signin:<user id>|<address key>`: that address signed in to that user
 *   successfully; `blockedUntil` is how long it is trusted (90 days after the
 *   last success).
 * - `unlock:<user id>`: an administrator unlocked that user; `blockedUntil`
 *   is the end of the lock it lifts.
 *
 * `failures` / `lastFailureAt` count this pass's own failures. A trusted
 * address is spent by one failure during the current block of the e-mail
 * (from its last counted failure on); an unlock by as many failures as lock
 * an e-mail. Each attempt through a pass is counted before the password is
 * checked, so parallel guesses through one trusted address get one check.
 */
export const TRUSTED_ADDRESS_MS = 90 * 24 * 60 * MINUTE

export interface Pass {
  userId: string
  key: string
}

/** The passes that could let `address` through a block of the e-mail for these users. */
export function passKeys(userIds: string[], address: string): Pass[] {
  return userIds.flatMap((userId) => [
    { userId, key: signinKey(userId, address) },
    { userId, key: unlockKey(userId) },
  ])
}

export const signinKey = (userId: string, address: string) =>
  `signin:${userId}|${addressKey(address)}`
export const unlockKey = (userId: string) => `unlock:${userId}`

/** When the attempt after the `failures`-th failure may come. */
export function blockedUntil(failures: number, policy: ThrottlePolicy, now: number): number {
  if (failures >= policy.lockAfter) return now + policy.lockMs
  // Capped below the window, so a patient guesser still reaches the lock instead of the count lapsing.
  if (failures >= policy.delayAfter)
    return now + Math.min(1000 * 2 ** (failures - policy.delayAfter), policy.maxDelayMs)
  return 0
}

export function refusal(
  kind: ThrottleKey['kind'],
  row: ThrottleRow,
  policy: ThrottlePolicy,
  now: number,
): RateLimitedError {
  const retryAfter = Math.max(1, Math.ceil((row.blockedUntil - now) / 1000))
  if (row.failures >= policy.lockAfter) {
    const minutes = Math.ceil(retryAfter / 60)
    return new RateLimitedError(
      'LOGIN_LOCKED',
      `Too many failed logins${kind === 'address' ? ' from this address' : ' for this e-mail'}: locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
      [],
      {
        retryAfter,
        lockedUntil: new Date(row.blockedUntil).toISOString(),
        lockedBy: kind,
      },
    )
  }
  return new RateLimitedError(
    'LOGIN_THROTTLED',
    `Too many failed logins: wait ${retryAfter} s before the next attempt.`,
    [],
    { retryAfter, lockedBy: kind },
  )
}
