import { Migrator, sql, type Migration, type MigrationResult } from 'kysely'
import type { Store } from './connect.js'
import * as initial from './migrations/0001-initial.js'
import * as surveySettings from './migrations/0002-survey-settings.js'
import * as responseQuality from './migrations/0003-response-quality.js'
import * as distribution from './migrations/0004-distribution.js'
import * as cases from './migrations/0005-cases.js'
import * as text from './migrations/0006-text.js'
import * as repairEditedMigrations from './migrations/0007-repair-edited-migrations.js'
import * as complaintFormKeys from './migrations/0008-complaint-form-keys.js'
import * as loginThrottle from './migrations/0009-login-throttle.js'
import * as tokensAndUsers from './migrations/0010-tokens-and-users.js'
import * as jobLeases from './migrations/0011-job-leases.js'
import * as userEmailPerOrg from './migrations/0012-user-email-per-org.js'
import { AppError } from '../shared/errors.js'

/** Every migration by name, in order. Exported for the SQL record (migration-sql.ts); released ones never change. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-survey-settings': surveySettings,
  '0003-response-quality': responseQuality,
  '0004-distribution': distribution,
  '0005-cases': cases,
  '0006-text': text,
  '0007-repair-edited-migrations': repairEditedMigrations,
  '0008-complaint-form-keys': complaintFormKeys,
  '0009-login-throttle': loginThrottle,
  '0010-tokens-and-users': tokensAndUsers,
  '0011-job-leases': jobLeases,
  '0012-user-email-per-org': userEmailPerOrg,
}

export interface MigrationReport {
  applied: string[]
  results: MigrationResult[]
}

/**
 * Apply pending migrations. Each runs in a transaction (Kysely's Migrator), so
 * a failure leaves the database at the last complete migration, never half-way.
 */
export async function migrateToLatest(store: Pick<Store, 'db' | 'pgSchema'>): Promise<MigrationReport> {
  await repairIfRecordedEmpty(store)
  const migrator = new Migrator({
    db: store.db,
    // Named, so a Manyi schema elsewhere in the same PostgreSQL database is never mistaken for this one.
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'manyi_migrations',
    migrationLockTableName: 'manyi_migrations_lock',
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new AppError('MIGRATION_FAILED', `Migration ${failed} failed: ${String((error as Error).message ?? error)}`)
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName), results }
}

/**
 * Release 5dba3cf registered 0007 as an empty step, so a database migrated
 * there has it recorded as done and never ran the repair. The repair only adds
 * what is missing (a healthy database gets a few catalogue reads), so it runs
 * again whenever 0007 was recorded before this run.
 */
async function repairIfRecordedEmpty(store: Pick<Store, 'db' | 'pgSchema'>): Promise<void> {
  const exists = store.pgSchema
    ? sql`select 1 from information_schema.tables where table_schema = ${store.pgSchema} and table_name = 'manyi_migrations'`
    : sql`select 1 from sqlite_master where type = 'table' and name = 'manyi_migrations'`
  if ((await exists.execute(store.db)).rows.length === 0) return
  const table = store.pgSchema ? sql.table(`${store.pgSchema}.manyi_migrations`) : sql.table('manyi_migrations')
  const recorded = await sql`select 1 from ${table} where name = '0007-repair-edited-migrations'`.execute(store.db)
  if (recorded.rows.length === 0) return
  await store.db.transaction().execute((trx) => repairEditedMigrations.up(trx))
}
