import type { Db } from '../db/database.js'
import { RateLimitedError } from '../shared/errors.js'
import { addressKey } from './client-address.js'
import {
  addFailure,
  compareAndSetThrottle,
  deleteThrottle,
  insertThrottleIfAbsent,
  pruneThrottles,
  readThrottle,
  upsertThrottle,
  type ThrottleRow,
} from './login-throttle.repository.js'

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
function blockedUntil(failures: number, policy: ThrottlePolicy, now: number): number {
  if (failures >= policy.lockAfter) return now + policy.lockMs
  // Capped below the window, so a patient guesser still reaches the lock instead of the count lapsing.
  if (failures >= policy.delayAfter)
    return now + Math.min(1000 * 2 ** (failures - policy.delayAfter), policy.maxDelayMs)
  return 0
}

function refusal(
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

export interface Admission {
  /** The keys this attempt locked (it was their lockAfter-th failure). */
  lockedNow: ThrottleKey[]
  /**
   * Set when the e-mail is blocked and the attempt came through passes: only
   * these users may sign in with it (the password is checked against them alone).
   */
  through?: string[]
  /** With `through`: the refusal the e-mail's block gives everyone else, also the answer when none of those users' password matches. */
  blocked?: RateLimitedError
}

/**
 * Let a login attempt through, counting it as a failure until it succeeds, or
 * throw LOGIN_THROTTLED / LOGIN_LOCKED (429 with retryAfter in seconds)
 * without looking at the password. While the e-mail is blocked, `passes`
 * (see passKeys) may still let the attempt through for their users.
 */
export async function admitLoginAttempt(
  db: Db,
  keys: ThrottleKey[],
  now: number,
  passes: Pass[] = [],
): Promise<Admission> {
  let through: string[] | undefined
  let blocked: RateLimitedError | undefined
  // Refuse before counting anything when one of the keys is waiting.
  for (const k of keys) {
    const row = await readThrottle(db, k.key)
    if (row && row.blockedUntil > now) {
      if (k.kind === 'account' && passes.length > 0) {
        const users = await spendPasses(db, passes, row, now)
        if (users.length > 0) {
          through = users
          blocked = refusal(k.kind, row, k.policy, now)
          continue
        }
      }
      throw refusal(k.kind, row, k.policy, now)
    }
  }
  const lockedNow: ThrottleKey[] = []
  for (const k of keys) {
    // Through a pass: the pass counted this attempt, the e-mail's block stays as it is.
    if (k.kind === 'account' && through) continue
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 20)
        throw new RateLimitedError(
          'LOGIN_THROTTLED',
          'Too many simultaneous logins: try again.',
          [],
          { retryAfter: 1, lockedBy: k.kind },
        )
      const row = await readThrottle(db, k.key)
      if (!row) {
        const first = {
          failures: 1,
          lastFailureAt: now,
          blockedUntil: blockedUntil(1, k.policy, now),
        }
        if (await insertThrottleIfAbsent(db, k.key, first, now)) break
        continue
      }
      if (row.blockedUntil > now) throw refusal(k.kind, row, k.policy, now)
      const failures = now >= row.lastFailureAt + k.policy.windowMs ? 1 : row.failures + 1
      if (
        await compareAndSetThrottle(
          db,
          k.key,
          row,
          { failures, lastFailureAt: now, blockedUntil: blockedUntil(failures, k.policy, now) },
          now,
        )
      ) {
        if (failures === k.policy.lockAfter) lockedNow.push(k)
        break
      }
    }
    if (k.kind === 'account') {
      // A trusted address that fails (or tries) counts on its own pass too: the
      // failure that brings the lock on does not let the same address through it.
      const signins = passes.filter((p) => p.key.startsWith('signin:')).map((p) => p.key)
      await addFailure(db, signins, now)
    }
  }
  return { lockedNow, ...(through ? { through, blocked } : {}) }
}

/** Count one attempt on each pass still good for this block of the e-mail; the users whose pass took it. */
async function spendPasses(
  db: Db,
  passes: Pass[],
  account: ThrottleRow,
  now: number,
): Promise<string[]> {
  const users: string[] = []
  for (const pass of passes) {
    if (users.includes(pass.userId)) continue
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await readThrottle(db, pass.key)
      // A trusted address is spent by one failure (or an attempt through it still being checked)
      // since the e-mail's last counted failure; an unlock by as many as would lock the e-mail.
      const spent = pass.key.startsWith('unlock:')
        ? row && row.failures >= ACCOUNT_POLICY.lockAfter
        : row && row.failures > 0 && row.lastFailureAt >= account.lastFailureAt
      if (!row || row.blockedUntil <= now || spent) break
      if (
        await compareAndSetThrottle(
          db,
          pass.key,
          row,
          { failures: row.failures + 1, lastFailureAt: now, blockedUntil: row.blockedUntil },
          now,
        )
      ) {
        users.push(pass.userId)
        break
      }
    }
  }
  return users
}

export interface Success {
  /** Who signed in, from where: the address is trusted for that user from now on. */
  userId: string
  address: string
  /**
   * The e-mail's count: `reset` starts it afresh; `takeBack` gives this
   * attempt's count back only, when the e-mail also belongs to another
   * organisation (signing in to one's own account of that e-mail must not
   * give guesses at another organisation's); `keep` after a sign-in through a
   * pass (the block is someone else's guessing, which goes on).
   */
  account: 'reset' | 'takeBack' | 'keep'
}

/** A successful login: the address gets this attempt's count back, the user's passes are renewed, and perhaps the e-mail starts afresh. */
export async function loginSucceeded(
  db: Db,
  keys: ThrottleKey[],
  now: number,
  success: Success,
): Promise<void> {
  for (const k of keys) {
    if (k.kind === 'account' && success.account !== 'takeBack') {
      if (success.account === 'reset') await deleteThrottle(db, k.key)
      continue
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await readThrottle(db, k.key)
      if (!row) break
      const failures = Math.max(0, row.failures - 1)
      // When this attempt's count was the one that locked, the lock goes with it (the delay before stays).
      const blocked =
        failures < k.policy.delayAfter
          ? 0
          : row.failures >= k.policy.lockAfter && failures < k.policy.lockAfter
            ? blockedUntil(failures, k.policy, row.lastFailureAt)
            : row.blockedUntil
      if (
        await compareAndSetThrottle(
          db,
          k.key,
          row,
          { failures, lastFailureAt: row.lastFailureAt, blockedUntil: blocked },
          now,
        )
      )
        break
    }
  }
  await upsertThrottle(
    db,
    signinKey(success.userId, success.address),
    { failures: 0, lastFailureAt: 0, blockedUntil: now + TRUSTED_ADDRESS_MS },
    now,
  )
  await deleteThrottle(db, unlockKey(success.userId))
  // Counters untouched for a day are history (passes once they expire); prune a few at a time, on the successful path only.
  await pruneThrottles(db, now - 24 * 60 * MINUTE, now)
}
