import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/** The `login_throttle` table: the only code that queries it (login-throttle.ts decides what to write). */

export interface ThrottleRow {
  failures: number
  lastFailureAt: number
  blockedUntil: number
  version: number
}

export type ThrottleCount = Omit<ThrottleRow, 'version'>

export async function readThrottle(db: Db, key: string): Promise<ThrottleRow | undefined> {
  const row = await db
    .selectFrom('login_throttle')
    .select(['failures', 'last_failure_at', 'blocked_until', 'version'])
    .where('key', '=', key)
    .executeTakeFirst()
  return (
    row && {
      failures: Number(row.failures),
      lastFailureAt: Number(row.last_failure_at),
      blockedUntil: Number(row.blocked_until),
      version: Number(row.version),
    }
  )
}

/** Replace a row only if nobody wrote it since it was read; false when someone did (read again). */
export async function compareAndSetThrottle(
  db: Db,
  key: string,
  seen: ThrottleRow,
  next: ThrottleCount,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('login_throttle')
    .set({
      failures: next.failures,
      last_failure_at: next.lastFailureAt,
      blocked_until: next.blockedUntil,
      version: seen.version + 1,
      updated_at: now,
    })
    .where('key', '=', key)
    .where('version', '=', seen.version)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Insert a new counter; false when another attempt inserted the key first (read again). */
export async function insertThrottleIfAbsent(
  db: Db,
  key: string,
  count: ThrottleCount,
  now: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('login_throttle')
    .values({
      key,
      failures: count.failures,
      last_failure_at: count.lastFailureAt,
      blocked_until: count.blockedUntil,
      version: 1,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows) === 1
}

export async function insertThrottle(
  db: Db,
  key: string,
  count: ThrottleCount,
  now: number,
): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values({
      key,
      failures: count.failures,
      last_failure_at: count.lastFailureAt,
      blocked_until: count.blockedUntil,
      version: 1,
      updated_at: now,
    })
    .execute()
}

/** Set the counter to `count` whether or not it exists (a new version either way). */
export async function upsertThrottle(
  db: Db,
  key: string,
  count: ThrottleCount,
  now: number,
): Promise<void> {
  const values = {
    failures: count.failures,
    last_failure_at: count.lastFailureAt,
    blocked_until: count.blockedUntil,
    updated_at: now,
  }
  await db
    .insertInto('login_throttle')
    .values({ key, ...values, version: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        ...values,
        version: sql<number>`${sql.ref('login_throttle.version')} + 1`,
      }),
    )
    .execute()
}

/** One more failure on each of these counters, their block unchanged. */
export async function addFailure(db: Db, keys: readonly string[], now: number): Promise<void> {
  if (keys.length === 0) return
  await db
    .updateTable('login_throttle')
    .set((eb) => ({
      failures: eb('failures', '+', 1),
      last_failure_at: now,
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('key', 'in', keys)
    .execute()
}

export async function deleteThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute()
}

/** Delete up to 100 counters untouched since `staleBefore` whose block has ended. */
export async function pruneThrottles(db: Db, staleBefore: number, now: number): Promise<void> {
  const stale = await db
    .selectFrom('login_throttle')
    .select('key')
    .where('updated_at', '<', staleBefore)
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
      .where('updated_at', '<', staleBefore)
      .execute()
}

/** Of these keys, those blocked beyond `now` with at least `minFailures` failures. */
export async function listBlockedThrottles(
  db: Db,
  keys: readonly string[],
  now: number,
  minFailures: number,
): Promise<Array<{ key: string; blockedUntil: number }>> {
  if (keys.length === 0) return []
  const rows = await db
    .selectFrom('login_throttle')
    .select(['key', 'blocked_until'])
    .where('key', 'in', keys)
    .where('blocked_until', '>', now)
    .where('failures', '>=', minFailures)
    .execute()
  return rows.map((r) => ({ key: r.key, blockedUntil: Number(r.blocked_until) }))
}
