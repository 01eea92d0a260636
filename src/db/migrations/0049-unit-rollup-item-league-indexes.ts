import type { Kysely } from 'kysely'

/**
 * Covering indexes of the daily 7-level CSM and SERVQUAL unit roll-ups (0026) for league tables,
 * heat maps and targets on those metrics, like 0037's and 0044's for the monthly roll-ups: a league
 * reads each unit's days by unit id and day range and filters by organisation. Without them, a
 * plain `org_id = ?` filter led SQLite to seek the (org_id, local_day) index once per unit —
 * every unit's days of the organisation, each time — which is why the query hid its org filter
 * behind `org_id || ''` (and then read each row from the table through the primary key, which
 * cannot bound the days past survey_id). With every column the query reads in the index, SQLite
 * seeks (unit_id, local_day) and never visits the table, and PostgreSQL gets a plain filter it
 * can estimate. Names spelled out, not imported.
 */
const CSM_LEVELS = ['csm_m60', 'csm_m40', 'csm_m20', 'csm_0', 'csm_p20', 'csm_p40', 'csm_p60']
const SERVQUAL_SUMS = [
  'respondents',
  'item_answers',
  'expectation_sum',
  'perception_sum',
  'gap_squares',
]

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('response_unit_daily_csm_league')
    .on('response_unit_daily_csm')
    .columns(['unit_id', 'local_day', 'org_id', 'survey_id', 'question_key', ...CSM_LEVELS])
    .execute()
  await db.schema
    .createIndex('response_unit_daily_servqual_league')
    .on('response_unit_daily_servqual')
    .columns(['unit_id', 'local_day', 'org_id', 'survey_id', 'dimension', ...SERVQUAL_SUMS])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('response_unit_daily_servqual_league').execute()
  await db.schema.dropIndex('response_unit_daily_csm_league').execute()
}
