import { MIGRATIONS } from '../migrate.js'

/**
 * Every distinct migration state main has been at: the set of migration files
 * and their contents after each commit that touched src/db/migrations (commits
 * on main are releases). Found with
 *   git log --format=%H -- src/db/migrations   and   git show <commit>:src/db/migrations/…
 * A database created at one of these states is what an upgrade meets. The
 * upgrade test loads one fixture per state and dialect (made by
 * scripts/make-upgrade-fixtures.ts from that commit's own code).
 *
 * `missing` says what a database created at that state lacks after today's
 * 0001–0006 run, because a released migration was edited later; repair
 * migration 0007 adds it.
 */
export interface MigrationState {
  /** Fixture name: sNN-<short commit>. */
  id: string
  commit: string
  /** Migration files at this commit; a trailing * marks a file whose content differs from today's. */
  migrations: string[]
  change: string
  missing: string[]
}

/**
 * The names of today's migrations up to and including `last`. Released migrations never change
 * after 0007 (the repair of the edited ones), so a later state's list is a prefix of today's —
 * spelled out by hand only for the early states whose files differed.
 */
function releasedThrough(last: string): string[] {
  const names = Object.keys(MIGRATIONS)
  const end = names.indexOf(last)
  if (end < 0) throw new Error(`unknown migration ${last}`)
  return names.slice(0, end + 1)
}

export const MIGRATION_HISTORY: readonly MigrationState[] = [
  {
    id: 's01-97fdf02',
    commit: '97fdf02ce490284c6ebda5316dd376581122c66f',
    migrations: ['0001-initial*'],
    change:
      '0001 created: users, sessions, tokens, audit, surveys, responses (index responses_survey_time on org_id, survey_id, submitted_at, nps, csat, ces)',
    missing: [
      'responses.local_day (not null, backfilled from submitted_at in the organisation time zone)',
      'response_daily_counts (backfilled from responses)',
      'index responses_survey_time on (survey_id, submitted_at)',
    ],
  },
  {
    id: 's02-757b158',
    commit: '757b15894dff25769664f9017949b1e9b188ff69',
    migrations: ['0001-initial'],
    change:
      '0001 EDITED after release: responses.local_day, response_daily_counts, responses_survey_time narrowed',
    missing: [],
  },
  {
    id: 's03-c83f039',
    commit: 'c83f039f0fba1612a54a95a3744be96bfead7be7',
    migrations: ['0001-initial', '0002-survey-settings'],
    change: '0002 added',
    missing: [],
  },
  {
    id: 's04-ba718f9',
    commit: 'ba718f90b13251ad1d9499d6771a8633157fd0ff',
    migrations: ['0001-initial', '0002-survey-settings', '0003-response-quality'],
    change: '0003 added',
    missing: [],
  },
  {
    id: 's05-327e534',
    commit: '327e534f78a875f24abb7ff07060e0e79aa984f9',
    migrations: [
      '0001-initial',
      '0002-survey-settings',
      '0003-response-quality',
      '0004-distribution*',
    ],
    change: '0004 added: drafts, contact lists, distributions, invitations',
    missing: ['import_jobs', 'organisations.link_secret'],
  },
  {
    id: 's06-5f02bd0',
    commit: '5f02bd033e2ea0c0b44e1c93b1afcc1d02c462b1',
    migrations: [
      '0001-initial',
      '0002-survey-settings',
      '0003-response-quality',
      '0004-distribution*',
    ],
    change: '0004 EDITED after release: import_jobs',
    missing: ['organisations.link_secret'],
  },
  {
    id: 's07-5e91b3b',
    commit: '5e91b3bbeac3472c8670f573e3b6b4567e26b8e8',
    migrations: [
      '0001-initial',
      '0002-survey-settings',
      '0003-response-quality',
      '0004-distribution',
    ],
    change: '0004 EDITED after release: organisations.link_secret',
    missing: [],
  },
  {
    id: 's08-054dd3d',
    commit: '054dd3dbe47bd274c84ef5ebb406a1f513fcfd3e',
    migrations: [
      '0001-initial',
      '0002-survey-settings',
      '0003-response-quality',
      '0004-distribution',
      '0005-cases*',
    ],
    change: '0005 added: feedback, cases, case events, compensation, case config, intake cursor',
    missing: ['case_events.delivery', 'case_events.delivery_error', 'index case_events_delivery'],
  },
  {
    id: 's09-b3b02d4',
    commit: 'b3b02d4d189f9aeab791eb6ac696b8d4e8e92736',
    migrations: [
      '0001-initial',
      '0002-survey-settings',
      '0003-response-quality',
      '0004-distribution',
      '0005-cases*',
      '0006-text',
    ],
    change: '0006 added: text analytics columns, text configs, alerts',
    missing: ['case_events.delivery', 'case_events.delivery_error', 'index case_events_delivery'],
  },
  {
    id: 's10-ab7557e',
    commit: 'ab7557ed7b9e58f78e037efefec8a18b43ff3472',
    migrations: [
      '0001-initial',
      '0002-survey-settings',
      '0003-response-quality',
      '0004-distribution',
      '0005-cases',
      '0006-text',
    ],
    change:
      '0005 EDITED after release: case_events.delivery, delivery_error, index case_events_delivery',
    missing: [],
  },
  // 5dba3cf registered 0007–0012 as empty steps: its schema is s10's, but a database
  // migrated there has 0007–0012 recorded as done. migrateToLatest therefore runs the
  // 0007 repair again when 0007 was recorded before (see migrate.ts); upgrade.test.ts
  // covers those commits with STEPS_RECORDED_EMPTY.
  {
    id: 's11-c2228e5',
    commit: 'c2228e59953be6cf8ade8552bad72f3bb74e997a',
    migrations: releasedThrough('0014-organisation-profiles'),
    change:
      '0007–0014 as released: login throttle, token scopes, user lifecycle, job leases, per-organisation e-mails, responses.invitation_id, organisation profiles',
    missing: [],
  },
  // The release before migrations 0049–0057: units, customers, plans, reports, employees and
  // commitments in place (0015–0048 as released; the states between s11 and this one have no
  // fixture of their own).
  {
    id: 's26-3ff2687',
    commit: '3ff26874ee3a77e1e908cabd1e69bee1b011ee81',
    migrations: releasedThrough('0048-report-mail-retry'),
    change:
      '0015–0048 as released: identities, roles, units and roll-ups, targets, plans, alerts, reports, customers, transactions, loyalty, data rights, employees, commitments, queue events',
    missing: [],
  },
  // The release with migrations 0049–0057: covering league indexes, contact rules and programmes,
  // transaction import jobs, appraisal, training, reply scripts, notices, respondent weights.
  {
    id: 's27-973893f',
    commit: '973893f7af8f817433599641912e65d362b89ece',
    migrations: releasedThrough('0057-unit-rollup-weights'),
    change:
      '0049–0057 added: league covering indexes, contact rules, transaction import jobs, appraisal, training, reply scripts, notices, unit roll-up weights',
    missing: [],
  },
  // The release with migrations 0061–0062: background roll-up rebuilds when a survey's weight
  // field changes, and per-organisation customer channel settings (SMS, WeChat, chat).
  {
    id: 's28-92a3d9e',
    commit: '92a3d9e591072b1e82c281697ddf124f59d750ca',
    migrations: releasedThrough('0062-channel-settings'),
    change: '0061–0062 added: roll-up rebuild jobs, channel settings',
    missing: [],
  },
  // The release with migrations 0063–0068: inquiries, suggestions and praise as work items,
  // appointments, phone follow-up calls, case replies by WeChat/SMS, service maturity, segments.
  {
    id: 's29-34d9c7d',
    commit: '34d9c7d61df55325a90f04ddbdacef79f3055d7e',
    migrations: releasedThrough('0068-customer-segments'),
    change:
      '0063–0068 added: work-item kinds, appointments, follow-up calls, channel replies, maturity assessments, customer segments',
    missing: [],
  },
  {
    id: 's30-6edac4a',
    commit: '6edac4ae5b1b4d8d72a2ca7ac23fcbfc06317f0f',
    migrations: releasedThrough('0070-wechat-safe-mode'),
    change: '0069–0070 added: enterprise CSI settings, WeChat safe mode',
    missing: [],
  },
  // The release with migrations 0075, 0076 and 0078 (no 0071–0074 or 0077 on main at that commit):
  // the IMAP e-mail inbox, SMS delivery receipts, appointment cloud SMS and home-visit addresses.
  {
    id: 's31-e07206c',
    commit: 'e07206c2e2b71ca29ad8711ea90d093db47ddc1b',
    migrations: releasedThrough('0078-appointment-sms-addresses'),
    change:
      '0075, 0076, 0078 added: e-mail inbox, SMS delivery receipts, appointment cloud SMS and home-visit addresses',
    missing: [],
  },
]
