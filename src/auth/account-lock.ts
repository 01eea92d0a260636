import type { Db } from '../db/database.js'
import { ACCOUNT_POLICY, unlockKey } from './login-throttle.js'
import {
  deleteThrottle,
  insertThrottle,
  listBlockedThrottles,
  readThrottle,
} from './login-throttle.repository.js'

/**
 * An e-mail's lock as administrators see and lift it (users page, `manyi user unlock`): the
 * lock failed logins put on an e-mail (login-throttle.ts), and the unlock pass that lets one
 * user through it.
 */

/** The e-mail's lock, if it is locked (not merely delayed) now. */
export async function accountLock(
  db: Db,
  email: string,
  now: number,
): Promise<{ until: number; lastFailureAt: number } | null> {
  const row = await readThrottle(db, `account:${email}`)
  if (!row || row.blockedUntil <= now || row.failures < ACCOUNT_POLICY.lockAfter) return null
  return { until: row.blockedUntil, lastFailureAt: row.lastFailureAt }
}

/** Whether an administrator's unlock of this user still stands for the e-mail's current lock. */
export async function unlockStands(db: Db, userId: string, now: number): Promise<boolean> {
  const pass = await readThrottle(db, unlockKey(userId))
  return !!pass && pass.blockedUntil > now && pass.failures < ACCOUNT_POLICY.lockAfter
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
    await deleteThrottle(db, `account:${email}`)
    return true
  }
  await deleteThrottle(db, unlockKey(userId))
  await insertThrottle(
    db,
    unlockKey(userId),
    { failures: 0, lastFailureAt: 0, blockedUntil: lock.until },
    now,
  )
  return true
}

/** Of these e-mails, those locked (not merely delayed) now, and until when. */
export async function lockedAccounts(
  db: Db,
  emails: readonly string[],
  now: number,
): Promise<Array<{ email: string; until: number }>> {
  const rows = await listBlockedThrottles(
    db,
    emails.map((e) => `account:${e}`),
    now,
    ACCOUNT_POLICY.lockAfter,
  )
  return rows.map((r) => ({ email: r.key.slice('account:'.length), until: r.blockedUntil }))
}
