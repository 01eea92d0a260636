import type { Kysely } from 'kysely'

/**
 * response_unit_monthly_weights: for surveys that name a respondent weight (settings.weightField,
 * issue 16), per unit, survey, local month (months since 1970-01) and metric ('nps', 'csat',
 * 'ces'): `answers` with that metric, `weighted` (those with a valid weight), and over the
 * weighted ones Σw, Σw², Σw·x and Σw·x² of the answer's score x (NPS 100/0/−100; CSAT, CES
 * their value) — the sums a weighted league table with Kish's effective n needs
 * (analytics/weighted-league.ts). Kept in the answer's transaction like 0026's roll-ups, only for
 * weighted surveys; summed up the unit tree at read time. Sums are double precision (weights are
 * real numbers). The covering index lets a league read each unit's months from the index alone.
 * Empty when created: weighted surveys are new; a roll-up rebuild fills it from stored answers.
 * Names spelled out, not imported.
 */
const SUMS = ['weight_sum', 'weight_squares', 'weighted_sum', 'weighted_squares']

export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('response_unit_monthly_weights')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('answers', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('weighted', 'bigint', (c) => c.notNull().defaultTo(0))
  for (const column of SUMS)
    table = table.addColumn(column, 'double precision', (c) => c.notNull().defaultTo(0))
  await table
    .addPrimaryKeyConstraint('response_unit_monthly_weights_pk', [
      'unit_id',
      'survey_id',
      'month',
      'metric',
    ])
    .execute()
  await db.schema
    .createIndex('response_unit_monthly_weights_league')
    .on('response_unit_monthly_weights')
    .columns(['unit_id', 'month', 'org_id', 'survey_id', 'metric', 'answers', 'weighted', ...SUMS])
    .execute()
  await db.schema
    .createIndex('response_unit_monthly_weights_org')
    .on('response_unit_monthly_weights')
    .columns(['org_id', 'month'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_unit_monthly_weights').execute()
}
