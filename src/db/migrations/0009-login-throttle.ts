import type { Kysely } from 'kysely'

/**
 * Failed-login counters (src/auth/login-throttle.ts), one row per e-mail tried
 * (`account:<e-mail>`) and per client address (`address:<ip>`). They live in
 * the database, not in process memory, so every instance behind a load
 * balancer sees the same counts and a restart does not reset a lockout.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    // Failures count while they come less than the window apart; a quiet window starts afresh.
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    // No attempt is taken before this time (epoch ms; 0: none pending).
    .addColumn('blocked_until', 'bigint', (c) => c.notNull())
    // Bumped on every write: updates are compare-and-set on it, so concurrent attempts each count.
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_throttle_updated').on('login_throttle').column('updated_at').execute()
}
