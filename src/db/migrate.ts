import { Migrator, type Migration, type MigrationResult } from 'kysely'
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

const MIGRATIONS: Record<string, Migration> = {
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
