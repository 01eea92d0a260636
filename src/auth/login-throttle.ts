import type { Db } from '../db/database.js'
import { RateLimitedError } from '../shared/errors.js'
import {
  ACCOUNT_POLICY,
  blockedUntil,
  type Pass,
  refusal,
  signinKey,
  TRUSTED_ADDRESS_MS,
  type ThrottleKey,
  unlockKey,
} from './login-throttle-policy.js'
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

// Admitting (or refusing) a login attempt before its password is checked, and taking its count
// back after a success, by the policies and pass keys of login-throttle-policy.ts, re-exported
// here so callers keep one import.
export {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  type Pass,
  passKeys,
  signinKey,
  TRUSTED_ADDRESS_MS,
  type ThrottleKey,
  type ThrottlePolicy,
  throttleKeys,
  unlockKey,
} from './login-throttle-policy.js'

const MINUTE = 60_000

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
