import { sql, type Kysely } from 'kysely'

/**
 * Per unit, survey and local day: how many answers of each metric value — the unit roll-up the
 * dashboards and league tables sum up the unit tree at read time (so a move or a closure of a
 * unit rewrites nothing). Written in the same transaction as the responses, like
 * response_daily_counts; only answers with a unit are counted, pilot answers never.
 * The columns are spelled out here, never imported from live code: `responses`, then one per
 * value of NPS (0–10), CSAT (1–5) and CES (1–7). Answers already attributed to a unit are
 * counted in.
 */
const SCORE_COLUMNS = [
  ...Array.from({ length: 11 }, (_, i) => `nps_${i}`),
  ...Array.from({ length: 5 }, (_, i) => `csat_${i + 1}`),
  ...Array.from({ length: 7 }, (_, i) => `ces_${i + 1}`),
]

export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema
    .createTable('response_unit_daily_counts')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('responses', 'bigint', (c) => c.notNull().defaultTo(0))
  for (const column of SCORE_COLUMNS)
    table = table.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
  await table
    .addPrimaryKeyConstraint('response_unit_daily_counts_pk', ['unit_id', 'survey_id', 'local_day'])
    .execute()
  await db.schema
    .createIndex('response_unit_daily_counts_org')
    .on('response_unit_daily_counts')
    .columns(['org_id', 'local_day'])
    .execute()
  const counts = SCORE_COLUMNS.map((column) => {
    const [metric, score] = column.split('_')
    return `sum(case when ${metric} = ${score} then 1 else 0 end)`
  })
  await sql`
    insert into response_unit_daily_counts (org_id, unit_id, survey_id, local_day, responses, ${sql.raw(SCORE_COLUMNS.join(', '))})
    select org_id, unit_id, survey_id, local_day, count(*), ${sql.raw(counts.join(', '))}
    from responses
    where unit_id is not null and quality_flags not like '%pilot%'
    group by org_id, unit_id, survey_id, local_day`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_unit_daily_counts').execute()
}
