#!/usr/bin/env node
// Table ownership (part of `npm run lint:deps`): each table belongs to one domain, and only that
// domain's repositories (`src/<domain>/*.repository.ts`) may name it in a query. Imports cannot
// show this — every query goes through the shared `Database` type — so this check reads the
// queries themselves: Kysely's `selectFrom`/`insertInto`/`updateTable`/`deleteFrom`/`…Join` and
// `with`/`mergeInto`, and table names after FROM/JOIN/INTO/UPDATE in raw `sql` templates.
//
//   node scripts/lint-tables.mjs            check src/
//   node scripts/lint-tables.mjs --list     print every query site with its table and verdict
import { readFile, readdir } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Which domain owns each table (src/db/database.ts lists them all; a new table needs a line). */
export const TABLE_OWNERS = {
  organisations: 'organisations',
  organisation_profiles: 'organisations',
  users: 'auth',
  identities: 'auth',
  custom_roles: 'auth',
  sessions: 'auth',
  api_tokens: 'auth',
  login_throttle: 'auth',
  mfa_totp: 'auth',
  mfa_recovery_codes: 'auth',
  mfa_challenges: 'auth',
  sign_in_policies: 'auth',
  sso_providers: 'auth',
  sso_links: 'auth',
  sso_states: 'auth',
  audit_log: 'audit',
  audit_chains: 'audit',
  surveys: 'surveys',
  responses: 'responses',
  response_daily_counts: 'responses',
  response_unit_daily_counts: 'responses',
  response_unit_monthly_counts: 'responses',
  response_unit_daily_csm: 'responses',
  response_unit_daily_servqual: 'responses',
  response_unit_monthly_weights: 'responses',
  response_segment_weights: 'responses',
  rollup_rebuild_jobs: 'responses',
  response_drafts: 'responses',
  response_files: 'responses',
  import_jobs: 'responses',
  contact_lists: 'distribution',
  contacts: 'distribution',
  unsubscribes: 'distribution',
  distributions: 'distribution',
  invitations: 'distribution',
  contact_rules: 'distribution',
  contact_touches: 'distribution',
  programmes: 'distribution',
  programme_runs: 'distribution',
  customer_segments: 'customers',
  enterprise_csi_settings: 'enterprise-csi',
  customer_consents: 'customers',
  feedback: 'feedback',
  feedback_attachments: 'feedback',
  feedback_unit_daily_counts: 'feedback',
  feedback_unit_monthly_counts: 'feedback',
  intake_cursors: 'feedback',
  cases: 'cases',
  case_events: 'cases',
  compensations: 'cases',
  case_configs: 'cases',
  text_configs: 'text',
  alerts: 'text',
  text_corrections: 'text',
  text_models: 'text',
  job_leases: 'jobs',
  units: 'units',
  unit_versions: 'units',
  membership_units: 'units',
  targets: 'targets',
  saved_analyses: 'analyses',
  user_preferences: 'auth',
  notifications: 'notifications',
  robot_channels: 'notifications',
  robot_outbox: 'notifications',
  notification_settings: 'notifications',
  notification_mail: 'notifications',
  alert_rules: 'alerts',
  alert_firings: 'alerts',
  alert_subscriptions: 'alerts',
  action_plans: 'actions',
  action_tasks: 'actions',
  action_events: 'actions',
  action_plan_alerts: 'actions',
  action_plan_attachments: 'actions',
  action_plan_settings: 'actions',
  report_schedules: 'reports',
  report_archive: 'reports',
  management_reviews: 'reports',
  customers: 'customers',
  customer_keys: 'customers',
  customer_links: 'customers',
  customer_events: 'customers',
  customer_transactions: 'customers',
  customer_cohort_cells: 'customers',
  customer_cohort_state: 'customers',
  transaction_import_jobs: 'customers',
  commitments: 'commitments',
  service_events: 'commitments',
  commitment_clocks: 'commitments',
  queue_events: 'commitments',
  wait_promises: 'commitments',
  appointment_units: 'appointments',
  appointment_slots: 'appointments',
  appointment_bookings: 'appointments',
  appointment_messages: 'appointments',
  appointment_sms_settings: 'appointments',
  notice_settings: 'notices',
  notices: 'notices',
  notice_messages: 'notices',
  channel_settings: 'channels',
  channel_inbound_seen: 'channels',
  email_inbox_seen: 'channels',
  customer_retention: 'customers',
  employees: 'employees',
  reply_scripts: 'reply-scripts',
  reply_script_uses: 'reply-scripts',
  follow_up_call_settings: 'follow-up-calls',
  follow_up_calls: 'follow-up-calls',
  follow_up_call_attempts: 'follow-up-calls',
  appraisal_formulas: 'appraisal',
  appraisal_months: 'appraisal',
  appraisal_disputes: 'appraisal',
  training_courses: 'training',
  training_sessions: 'training',
  training_attendance: 'training',
  maturity_assessments: 'maturity',
  churn_models: 'customers',
  churn_scores: 'customers',
  loyalty_programmes: 'loyalty',
  loyalty_accounts: 'loyalty',
  loyalty_entries: 'loyalty',
}

/** Code below or beside the domains that may name tables: the migrations and the store itself. */
const EXEMPT = /^src\/db\/|\.test\.ts$|\/test-[^/]+\.ts$|\/__fixtures__\//

const KYSELY_CALL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto|replaceInto)\(\s*(['"`])([a-z_]+)(?:\s+as\s+\w+)?\2/g
const SQL_TEMPLATE = /\bsql(?:<[^>]*>)?`((?:[^`\\]|\\.)*)`/gs
const RAW_TABLE = /\b(?:from|join|into|update)\s+"?([a-z_]+)"?/gi

/** Every table a source file names in a query, with the line it is on. */
export function tablesNamedIn(source) {
  const found = []
  const lineOf = (index) => source.slice(0, index).split('\n').length
  for (const m of source.matchAll(KYSELY_CALL)) found.push({ table: m[3], line: lineOf(m.index) })
  for (const m of source.matchAll(SQL_TEMPLATE)) {
    for (const t of m[1].matchAll(RAW_TABLE)) {
      const table = t[1].toLowerCase()
      if (table in TABLE_OWNERS) found.push({ table, line: lineOf(m.index + t.index) })
    }
  }
  return found
}

/** Whether `file` (a path relative to the repository) may query `table`. */
export function mayQuery(file, table) {
  if (EXEMPT.test(file)) return true
  const owner = TABLE_OWNERS[table]
  if (owner === undefined) return false
  return file.startsWith(`src/${owner}/`) && file.endsWith('.repository.ts')
}

async function listSources(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listSources(path)))
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(path)
  }
  return out
}

/** The query sites in `rootDir`'s src/ that break the ownership rule, as "file:line table (owner)". */
export async function tableViolations(rootDir = repoRoot) {
  const violations = []
  for (const path of await listSources(join(rootDir, 'src'))) {
    const file = relative(rootDir, path).split('\\').join('/')
    for (const { table, line } of tablesNamedIn(await readFile(path, 'utf8'))) {
      if (!mayQuery(file, table)) {
        const owner = TABLE_OWNERS[table] ?? 'no owner: add it to TABLE_OWNERS'
        violations.push(`${file}:${line} ${table} (${owner})`)
      }
    }
  }
  return violations
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const violations = await tableViolations()
  for (const v of violations) console.error(`table-owned-by-repository: ${v}`)
  console.log(
    `${violations.length} query site(s) outside their table's repository ` +
      '(only src/<owner>/*.repository.ts may query a table; see scripts/lint-tables.mjs).',
  )
  if (violations.length > 0) process.exitCode = 1
}
