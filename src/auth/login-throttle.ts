import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import { isIPv4, isIPv6 } from 'node:net'
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
 * The address a counter is kept for. An IPv6 client usually holds a whole /64
 * (and can pick any address in it at will), so IPv6 addresses count per /64;
 * an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) counts as `a.b.c.d`.
 */
export function addressKey(address: string): string {
  const plain = address.trim().toLowerCase().replace(/%.*$/, '')
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain)
  if (mapped) return mapped[1]!
  if (isIPv4(plain) || !isIPv6(plain)) return plain
  const groups = expandIPv6(plain)
  // ::ffff:7f00:1 is the mapped form written in hex.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted IPv4 part included). */
function expandIPv6(address: string): number[] {
  let text = address
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const front = part(head)
  const back = part(tail)
  return tail === undefined
    ? front
    : [...front, ...Array(8 - front.length - back.length).fill(0), ...back]
}

/**
 * Passes through a block of the e-mail's counter (a denial of service: anyone
 * can lock an e-mail by guessing) for one user, kept in the same table:
 *
 * - `signin:<user id>|<address key>`: that address signed in to that user
 *   successfully; `blocked_until` is how long it is trusted (90 days after the
 *   last success).
 * - `unlock:<user id>`: an administrator unlocked that user; `blocked_until`
 *   is the end of the lock it lifts.
 *
 * `failures` / `last_failure_at` count this pass's own failures. A trusted
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
  if (failures >= policy.delayAfter)
    return now + Math.min(1000 * 2 ** (failures - policy.delayAfter), policy.maxDelayMs)
  return 0
}

function refusal(
  kind: ThrottleKey['kind'],
  row: Row,
  policy: ThrottlePolicy,
  now: number,
): RateLimitedError {
  const retryAfter = Math.max(1, Math.ceil((row.blocked_until - now) / 1000))
  if (row.failures >= policy.lockAfter) {
    const minutes = Math.ceil(retryAfter / 60)
    return new RateLimitedError(
      'LOGIN_LOCKED',
      `Too many failed logins${kind === 'address' ? ' from this address' : ' for this e-mail'}: locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
      [],
      {
        retryAfter,
        lockedUntil: new Date(row.blocked_until).toISOString(),
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

async function read(db: Db, key: string): Promise<Row | undefined> {
  return db
    .selectFrom('login_throttle')
    .select(['failures', 'last_failure_at', 'blocked_until', 'version'])
    .where('key', '=', key)
    .executeTakeFirst()
}

/** Replace a row only if nobody wrote it since it was read; false when someone did (read again). */
async function compareAndSet(
  db: Db,
  key: string,
  seen: Row,
  next: Omit<Row, 'version'>,
  now: number,
): Promise<boolean> {
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
    const row = await read(db, k.key)
    if (row && row.blocked_until > now) {
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
      const row = await read(db, k.key)
      if (!row) {
        const inserted = await db
          .insertInto('login_throttle')
          .values({
            key: k.key,
            failures: 1,
            last_failure_at: now,
            blocked_until: blockedUntil(1, k.policy, now),
            version: 1,
            updated_at: now,
          })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows) === 1) break
        continue
      }
      if (row.blocked_until > now) throw refusal(k.kind, row, k.policy, now)
      const failures = now >= row.last_failure_at + k.policy.windowMs ? 1 : row.failures + 1
      if (
        await compareAndSet(
          db,
          k.key,
          row,
          { failures, last_failure_at: now, blocked_until: blockedUntil(failures, k.policy, now) },
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
      if (signins.length > 0) {
        await db
          .updateTable('login_throttle')
          .set((eb) => ({
            failures: eb('failures', '+', 1),
            last_failure_at: now,
            version: eb('version', '+', 1),
            updated_at: now,
          }))
          .where('key', 'in', signins)
          .execute()
      }
    }
  }
  return { lockedNow, ...(through ? { through, blocked } : {}) }
}

/** Count one attempt on each pass still good for this block of the e-mail; the users whose pass took it. */
async function spendPasses(db: Db, passes: Pass[], account: Row, now: number): Promise<string[]> {
  const users: string[] = []
  for (const pass of passes) {
    if (users.includes(pass.userId)) continue
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await read(db, pass.key)
      // A trusted address is spent by one failure (or an attempt through it still being checked)
      // since the e-mail's last counted failure; an unlock by as many as would lock the e-mail.
      const spent = pass.key.startsWith('unlock:')
        ? row && row.failures >= ACCOUNT_POLICY.lockAfter
        : row && row.failures > 0 && row.last_failure_at >= account.last_failure_at
      if (!row || row.blocked_until <= now || spent) break
      if (
        await compareAndSet(
          db,
          pass.key,
          row,
          { failures: row.failures + 1, last_failure_at: now, blocked_until: row.blocked_until },
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
      if (success.account === 'reset')
        await db.deleteFrom('login_throttle').where('key', '=', k.key).execute()
      continue
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await read(db, k.key)
      if (!row) break
      const failures = Math.max(0, row.failures - 1)
      // When this attempt's count was the one that locked, the lock goes with it (the delay before stays).
      const blocked =
        failures < k.policy.delayAfter
          ? 0
          : row.failures >= k.policy.lockAfter && failures < k.policy.lockAfter
            ? blockedUntil(failures, k.policy, row.last_failure_at)
            : row.blocked_until
      if (
        await compareAndSet(
          db,
          k.key,
          row,
          { failures, last_failure_at: row.last_failure_at, blocked_until: blocked },
          now,
        )
      )
        break
    }
  }
  await db
    .insertInto('login_throttle')
    .values({
      key: signinKey(success.userId, success.address),
      failures: 0,
      last_failure_at: 0,
      blocked_until: now + TRUSTED_ADDRESS_MS,
      version: 1,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: 0,
        last_failure_at: 0,
        blocked_until: now + TRUSTED_ADDRESS_MS,
        version: sql<number>`${sql.ref('login_throttle.version')} + 1`,
        updated_at: now,
      }),
    )
    .execute()
  await db.deleteFrom('login_throttle').where('key', '=', unlockKey(success.userId)).execute()
  // Counters untouched for a day are history (passes once they expire); prune a few at a time, on the successful path only.
  const stale = await db
    .selectFrom('login_throttle')
    .select('key')
    .where('updated_at', '<', now - 24 * 60 * MINUTE)
    .where('blocked_until', '<', now)
    .limit(100)
    .execute()
  if (stale.length > 0)
    await db
      .deleteFrom('login_throttle')
      .where(
        'key',
        'in',
        stale.map((s) => s.key),
      )
      .where('updated_at', '<', now - 24 * 60 * MINUTE)
      .execute()
}

/** The e-mail's lock, if it is locked (not merely delayed) now. */
export async function accountLock(
  db: Db,
  email: string,
  now: number,
): Promise<{ until: number; lastFailureAt: number } | null> {
  const row = await read(db, `account:${email}`)
  if (!row || row.blocked_until <= now || row.failures < ACCOUNT_POLICY.lockAfter) return null
  return { until: row.blocked_until, lastFailureAt: row.last_failure_at }
}

/** Whether an administrator's unlock of this user still stands for the e-mail's current lock. */
export async function unlockStands(db: Db, userId: string, now: number): Promise<boolean> {
  const pass = await read(db, unlockKey(userId))
  return !!pass && pass.blocked_until > now && pass.failures < ACCOUNT_POLICY.lockAfter
}

/**
 * An administrator unlocks a user. When the e-mail is that organisation's
 * alone, its count starts afresh. When another organisation also has it, the
 * e-mail's lock stays for everyone else and only this user gets a pass
 * through it (until a failure through it, or the lock's end): an
 * administrator must not be able to lift the lock on another organisation's
 * account by creating a user with its e-mail.
 */
export async function unlockAccount(
  db: Db,
  userId: string,
  email: string,
  onlyOrganisation: boolean,
  now: number,
): Promise<boolean> {
  const lock = await accountLock(db, email, now)
  if (!lock) return false
  if (onlyOrganisation) {
    await db.deleteFrom('login_throttle').where('key', '=', `account:${email}`).execute()
    return true
  }
  await db.deleteFrom('login_throttle').where('key', '=', unlockKey(userId)).execute()
  await db
    .insertInto('login_throttle')
    .values({
      key: unlockKey(userId),
      failures: 0,
      last_failure_at: 0,
      blocked_until: lock.until,
      version: 1,
      updated_at: now,
    })
    .execute()
  return true
}
