import type { Kysely } from 'kysely'

/**
 * A covering index of the monthly unit roll-up (0026) for league tables, heat maps and targets:
 * they read a league's units' months by unit id and month range (one index seek per unit) and sum
 * the count columns, so with every column read in the index SQLite never visits the table (the
 * primary key (unit_id, survey_id, month) could not bound the months and led to a row lookup per
 * month). 28 columns, under PostgreSQL's 32-column limit. Names spelled out, not imported.
 */
const COLUMNS = [
  'unit_id',
  'month',
  'org_id',
  'survey_id',
  'responses',
  ...Array.from({ length: 11 }, (_, i) => `nps_${i}`),
  ...[1, 2, 3, 4, 5].map((i) => `csat_${i}`),
  ...[1, 2, 3, 4, 5, 6, 7].map((i) => `ces_${i}`),
]

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('response_unit_monthly_counts_league')
    .on('response_unit_monthly_counts')
    .columns(COLUMNS)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('response_unit_monthly_counts_league').execute()
}
