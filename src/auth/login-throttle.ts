import type { Db } from '../db/database.js'
import { RateLimitedError } from '../shared/errors.js'

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
export const ACCOUNT_POLICY: ThrottlePolicy = { delayAfter: 5, maxDelayMs: MINUTE, lockAfter: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE }
/** Per client address: higher, as an office behind one NAT address shares it. */
export const ADDRESS_POLICY: ThrottlePolicy = { delayAfter: 20, maxDelayMs: MINUTE, lockAfter: 50, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE }

export interface ThrottleKey {
  kind: 'account' | 'address'
  key: string
  policy: ThrottlePolicy
}

export function throttleKeys(email: string, address: string): ThrottleKey[] {
  return [
    { kind: 'address', key: `address:${address}`, policy: ADDRESS_POLICY },
    { kind: 'account', key: `account:${email}`, policy: ACCOUNT_POLICY },
  ]
}

interface Row {
  failures: number
  last_failure_at: number
  blocked_until: number
  version: number
}

/** When the attempt after the `failures`-th failure may come. */
function blockedUntil(failures: number, policy: ThrottlePolicy, now: number): number {
  if (failures >= policy.lockAfter) return now + policy.lockMs
  // Capped below the window, so a patient guesser still reaches the lock instead of the count lapsing.
  if (failures >= policy.delayAfter) return now + Math.min(1000 * 2 ** (failures - policy.delayAfter), policy.maxDelayMs)
  return 0
}

function refusal(kind: ThrottleKey['kind'], row: Row, policy: ThrottlePolicy, now: number): RateLimitedError {
  const retryAfter = Math.max(1, Math.ceil((row.blocked_until - now) / 1000))
  if (row.failures >= policy.lockAfter) {
    const minutes = Math.ceil(retryAfter / 60)
    return new RateLimitedError('LOGIN_LOCKED', `Too many failed logins${kind === 'address' ? ' from this address' : ' for this e-mail'}: locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`, [], {
      retryAfter,
      lockedUntil: new Date(row.blocked_until).toISOString(),
      lockedBy: kind,
    })
  }
  return new RateLimitedError('LOGIN_THROTTLED', `Too many failed logins: wait ${retryAfter} s before the next attempt.`, [], { retryAfter, lockedBy: kind })
}

async function read(db: Db, key: string): Promise<Row | undefined> {
  return db.selectFrom('login_throttle').select(['failures', 'last_failure_at', 'blocked_until', 'version']).where('key', '=', key).executeTakeFirst()
}

/** Replace a row only if nobody wrote it since it was read; false when someone did (read again). */
async function compareAndSet(db: Db, key: string, seen: Row, next: Omit<Row, 'version'>, now: number): Promise<boolean> {
  const result = await db
    .updateTable('login_throttle')
    .set({ ...next, version: seen.version + 1, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', seen.version)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface Admission {
  /** The keys this attempt locked (it was their lockAfter-th failure). */
  lockedNow: ThrottleKey[]
}

/**
 * Let a login attempt through, counting it as a failure until it succeeds, or
 * throw LOGIN_THROTTLED / LOGIN_LOCKED (429 with retryAfter in seconds)
 * without looking at the password.
 */
export async function admitLoginAttempt(db: Db, keys: ThrottleKey[], now: number): Promise<Admission> {
  // Refuse before counting anything when one of the keys is waiting.
  for (const k of keys) {
    const row = await read(db, k.key)
    if (row && row.blocked_until > now) throw refusal(k.kind, row, k.policy, now)
  }
  const lockedNow: ThrottleKey[] = []
  for (const k of keys) {
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 20) throw new RateLimitedError('LOGIN_THROTTLED', 'Too many simultaneous logins: try again.', [], { retryAfter: 1, lockedBy: k.kind })
      const row = await read(db, k.key)
      if (!row) {
        const inserted = await db
          .insertInto('login_throttle')
          .values({ key: k.key, failures: 1, last_failure_at: now, blocked_until: blockedUntil(1, k.policy, now), version: 1, updated_at: now })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows) === 1) break
        continue
      }
      if (row.blocked_until > now) throw refusal(k.kind, row, k.policy, now)
      const failures = now >= row.last_failure_at + k.policy.windowMs ? 1 : row.failures + 1
      if (await compareAndSet(db, k.key, row, { failures, last_failure_at: now, blocked_until: blockedUntil(failures, k.policy, now) }, now)) {
        if (failures === k.policy.lockAfter) lockedNow.push(k)
        break
      }
    }
  }
  return { lockedNow }
}

/** A successful login: the account starts afresh; the address gets this attempt's count back. */
export async function loginSucceeded(db: Db, keys: ThrottleKey[], now: number): Promise<void> {
  for (const k of keys) {
    if (k.kind === 'account') {
      await db.deleteFrom('login_throttle').where('key', '=', k.key).execute()
      continue
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await read(db, k.key)
      if (!row) break
      const failures = Math.max(0, row.failures - 1)
      const blocked = failures < k.policy.delayAfter ? 0 : row.blocked_until
      if (await compareAndSet(db, k.key, row, { failures, last_failure_at: row.last_failure_at, blocked_until: blocked }, now)) break
    }
  }
  // Counters untouched for a day are history; prune a few at a time, on the successful path only.
  const stale = await db.selectFrom('login_throttle').select('key').where('updated_at', '<', now - 24 * 60 * MINUTE).where('blocked_until', '<', now).limit(100).execute()
  if (stale.length > 0) await db.deleteFrom('login_throttle').where('key', 'in', stale.map((s) => s.key)).where('updated_at', '<', now - 24 * 60 * MINUTE).execute()
}
