import {
  Migrator,
  sql,
  type Migration,
  type MigrationResult,
  type MigrationResultSet,
} from 'kysely'
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
import * as responseInvitation from './migrations/0013-response-invitation.js'
import * as organisationProfiles from './migrations/0014-organisation-profiles.js'
import * as identities from './migrations/0015-identities.js'
import * as customRoles from './migrations/0016-custom-roles.js'
import * as signIn from './migrations/0017-sign-in.js'
import * as personalData from './migrations/0018-personal-data.js'
import * as auditChain from './migrations/0019-audit-chain.js'
import * as units from './migrations/0020-units.js'
import * as unitRollups from './migrations/0021-unit-rollups.js'
import * as targets from './migrations/0022-targets.js'
import * as textCorrections from './migrations/0023-text-corrections.js'
import * as unsubscribeSealing from './migrations/0024-unsubscribe-sealing.js'
import * as savedAnalyses from './migrations/0025-saved-analyses.js'
import * as unitRollupItems from './migrations/0026-unit-rollup-items.js'
import * as responseFiles from './migrations/0028-response-files.js'
import * as notifications from './migrations/0029-notifications.js'
import * as actionPlans from './migrations/0030-action-plans.js'
import * as alertRules from './migrations/0031-alert-rules.js'
import * as reports from './migrations/0032-reports.js'
import * as actionPlanAlerts from './migrations/0033-action-plan-alerts.js'
import * as customers from './migrations/0034-customers.js'
import * as customerTransactions from './migrations/0035-customer-transactions.js'
import * as feedbackUnitRollups from './migrations/0036-feedback-unit-rollups.js'
import * as unitRollupLeagueIndex from './migrations/0037-unit-rollup-league-index.js'
import * as planAttachmentsApproval from './migrations/0038-plan-attachments-approval.js'
import * as churnAndLoyalty from './migrations/0039-churn-and-loyalty.js'
import * as customerDataRights from './migrations/0040-customer-data-rights.js'
import * as employees from './migrations/0041-employees.js'
import * as commitments from './migrations/0042-commitments.js'
import * as queueEvents from './migrations/0043-queue-events.js'
import * as feedbackRollupLeagueIndex from './migrations/0044-feedback-unit-rollup-league-index.js'
import * as customerReadPermission from './migrations/0046-customer-read-permission.js'
import * as reportMailRetry from './migrations/0048-report-mail-retry.js'
import * as unitRollupItemLeagueIndexes from './migrations/0049-unit-rollup-item-league-indexes.js'
import * as contactRulesProgrammes from './migrations/0050-contact-rules-programmes.js'
import * as transactionImportJobs from './migrations/0051-transaction-import-jobs.js'
import * as appraisal from './migrations/0052-appraisal.js'
import * as training from './migrations/0053-training.js'
import * as replyScripts from './migrations/0054-reply-scripts.js'
import * as notices from './migrations/0055-notices.js'
import * as unitRollupWeights from './migrations/0057-unit-rollup-weights.js'
import * as rollupRebuildJobs from './migrations/0061-rollup-rebuild-jobs.js'
import * as channelSettings from './migrations/0062-channel-settings.js'
import * as caseKinds from './migrations/0063-case-kinds.js'
import * as appointments from './migrations/0064-appointments.js'
import * as followUpCalls from './migrations/0065-follow-up-calls.js'
import * as channelReplies from './migrations/0066-channel-replies.js'
import * as maturityAssessments from './migrations/0067-maturity-assessments.js'
import * as customerSegments from './migrations/0068-customer-segments.js'
import * as enterpriseCsiSettings from './migrations/0069-enterprise-csi-settings.js'
import * as wechatSafeMode from './migrations/0070-wechat-safe-mode.js'
import * as emailInbox from './migrations/0075-email-inbox.js'
import * as smsReceipts from './migrations/0076-sms-receipts.js'
import * as appointmentSmsAddresses from './migrations/0078-appointment-sms-addresses.js'
import * as waitPromises from './migrations/0079-wait-promises.js'
import * as customerCohortCells from './migrations/0080-customer-cohort-cells.js'
import * as segmentWeightSums from './migrations/0081-segment-weight-sums.js'
import * as appointmentBookingCodes from './migrations/0082-appointment-booking-codes.js'
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
  '0013-response-invitation': responseInvitation,
  '0014-organisation-profiles': organisationProfiles,
  '0015-identities': identities,
  '0016-custom-roles': customRoles,
  '0017-sign-in': signIn,
  '0018-personal-data': personalData,
  '0019-audit-chain': auditChain,
  '0020-units': units,
  '0021-unit-rollups': unitRollups,
  '0022-targets': targets,
  '0023-text-corrections': textCorrections,
  '0024-unsubscribe-sealing': unsubscribeSealing,
  '0025-saved-analyses': savedAnalyses,
  '0026-unit-rollup-items': unitRollupItems,
  '0028-response-files': responseFiles,
  '0029-notifications': notifications,
  '0030-action-plans': actionPlans,
  '0031-alert-rules': alertRules,
  '0032-reports': reports,
  '0033-action-plan-alerts': actionPlanAlerts,
  '0034-customers': customers,
  '0035-customer-transactions': customerTransactions,
  '0036-feedback-unit-rollups': feedbackUnitRollups,
  '0037-unit-rollup-league-index': unitRollupLeagueIndex,
  '0038-plan-attachments-approval': planAttachmentsApproval,
  '0039-churn-and-loyalty': churnAndLoyalty,
  '0040-customer-data-rights': customerDataRights,
  '0041-employees': employees,
  '0042-commitments': commitments,
  '0043-queue-events': queueEvents,
  '0044-feedback-unit-rollup-league-index': feedbackRollupLeagueIndex,
  '0046-customer-read-permission': customerReadPermission,
  '0048-report-mail-retry': reportMailRetry,
  '0049-unit-rollup-item-league-indexes': unitRollupItemLeagueIndexes,
  '0050-contact-rules-programmes': contactRulesProgrammes,
  '0051-transaction-import-jobs': transactionImportJobs,
  '0052-appraisal': appraisal,
  '0053-training': training,
  '0054-reply-scripts': replyScripts,
  '0055-notices': notices,
  '0057-unit-rollup-weights': unitRollupWeights,
  '0061-rollup-rebuild-jobs': rollupRebuildJobs,
  '0062-channel-settings': channelSettings,
  '0063-case-kinds': caseKinds,
  '0064-appointments': appointments,
  '0065-follow-up-calls': followUpCalls,
  '0066-channel-replies': channelReplies,
  '0067-maturity-assessments': maturityAssessments,
  '0068-customer-segments': customerSegments,
  '0069-enterprise-csi-settings': enterpriseCsiSettings,
  '0070-wechat-safe-mode': wechatSafeMode,
  '0075-email-inbox': emailInbox,
  '0076-sms-receipts': smsReceipts,
  '0078-appointment-sms-addresses': appointmentSmsAddresses,
  '0079-wait-promises': waitPromises,
  '0080-customer-cohort-cells': customerCohortCells,
  '0081-segment-weight-sums': segmentWeightSums,
  '0082-appointment-booking-codes': appointmentBookingCodes,
}

export interface MigrationReport {
  applied: string[]
  results: MigrationResult[]
}

/**
 * Apply pending migrations. Each runs in a transaction (Kysely's Migrator), so
 * a failure leaves the database at the last complete migration, never half-way.
 */
export async function migrateToLatest(
  store: Pick<Store, 'db' | 'pgSchema'>,
): Promise<MigrationReport> {
  const outOfOrder = await repairStepsRecordedEmpty(store)
  const migrator = new Migrator({
    db: store.db,
    // Named, so a Manyi schema elsewhere in the same PostgreSQL database is never mistaken for this one.
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'manyi_migrations',
    migrationLockTableName: 'manyi_migrations_lock',
    // Only where a step recorded empty runs again before later, complete ones.
    allowUnorderedMigrations: outOfOrder,
  })
  const { error, results = [] } = await migrateRetryingVanishedSchemas(migrator, store.pgSchema)
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new AppError(
      'MIGRATION_FAILED',
      `Migration ${failed} failed: ${String((error as Error).message ?? error)}`,
    )
  }
  if (outOfOrder) await restoreRecordOrder(store)
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    results,
  }
}

/**
 * Kysely's migrator reads the catalogue of every schema in the PostgreSQL database, and that read
 * fails when another schema is dropped at the same moment ("schema … does not exist"), e.g. by
 * another application or test run sharing the database. Nothing of this store changed then, and a
 * failed migration leaves the last complete one in place, so the run is tried again (up to three
 * times). A missing schema of this store's own is a real error and is answered at once.
 */
async function migrateRetryingVanishedSchemas(
  migrator: Migrator,
  ownSchema: string | undefined,
): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await migrator.migrateToLatest()
    const vanished = outcome.error
      ? /schema "([^"]+)" does not exist/.exec(String((outcome.error as Error).message))
      : null
    if (vanished === null || vanished[1] === ownSchema || attempt === 3) return outcome
  }
}

/**
 * Migrations 0007–0012 were registered as empty steps (commit 5dba3cf) and
 * given their bodies in the commits after it, so a database migrated at one
 * of those commits has some of them recorded as done without their effect.
 * 0007 only adds what is missing, so it runs again wherever it was recorded;
 * each of the others is known by one thing it creates, and where that is
 * missing its record is dropped so that it runs now.
 */
const EFFECT_OF: Record<string, { table: string; column?: string }> = {
  '0008-complaint-form-keys': { table: 'case_configs', column: 'public_form_key' },
  '0009-login-throttle': { table: 'login_throttle' },
  '0010-tokens-and-users': { table: 'users', column: 'disabled_at' },
  '0011-job-leases': { table: 'job_leases' },
  '0012-user-email-per-org': { table: 'users', column: 'last_login_at' },
}

type MigratedStore = Pick<Store, 'db' | 'pgSchema'>

/** Repairs a database migrated while steps were still empty; true when a step must run out of order. */
async function repairStepsRecordedEmpty(store: MigratedStore): Promise<boolean> {
  if (!(await hasTable(store, 'manyi_migrations'))) return false
  const table = store.pgSchema
    ? sql.table(`${store.pgSchema}.manyi_migrations`)
    : sql.table('manyi_migrations')
  const recorded = new Set(
    (await sql<{ name: string }>`select name from ${table}`.execute(store.db)).rows.map(
      (r) => r.name,
    ),
  )
  if (recorded.has('0007-repair-edited-migrations'))
    await store.db.transaction().execute((trx) => repairEditedMigrations.up(trx))
  let forgotten = false
  for (const [name, effect] of Object.entries(EFFECT_OF)) {
    if (!recorded.has(name)) continue
    const present = effect.column
      ? await hasColumn(store, effect.table, effect.column)
      : await hasTable(store, effect.table)
    if (present) continue
    await sql`delete from ${table} where name = ${name}`.execute(store.db)
    forgotten = true
  }
  return forgotten
}

/**
 * Kysely reads the record in time order and refuses to start when that is not
 * name order; after steps ran out of order, they all get the latest time.
 */
async function restoreRecordOrder(store: MigratedStore): Promise<void> {
  const table = store.pgSchema
    ? sql.table(`${store.pgSchema}.manyi_migrations`)
    : sql.table('manyi_migrations')
  const latest = (
    await sql<{ at: string }>`select max(timestamp) as at from ${table}`.execute(store.db)
  ).rows[0]!.at
  await sql`update ${table} set timestamp = ${latest}`.execute(store.db)
}

async function hasTable(store: MigratedStore, name: string): Promise<boolean> {
  const query = store.pgSchema
    ? sql`select 1 from information_schema.tables where table_schema = ${store.pgSchema} and table_name = ${name}`
    : sql`select 1 from sqlite_master where type = 'table' and name = ${name}`
  return (await query.execute(store.db)).rows.length > 0
}

async function hasColumn(store: MigratedStore, table: string, column: string): Promise<boolean> {
  const query = store.pgSchema
    ? sql`select 1 from information_schema.columns where table_schema = ${store.pgSchema} and table_name = ${table} and column_name = ${column}`
    : sql`select 1 from pragma_table_info(${table}) where name = ${column}`
  return (await query.execute(store.db)).rows.length > 0
}
