import { type Kysely, sql } from 'kysely'

/**
 * response_segment_weights: for surveys that name a respondent weight (settings.weightField,
 * issue 21), per survey, hidden field, value of that field (the segment), local day, metric
 * ('nps', 'csat', 'ces') and the answer's score on it: `answers` (with that score), `weighted`
 * (those with a valid weight), and over the weighted ones Σw and Σw². Per score value, so every
 * weighted figure of the segment comparison — NPS class shares, CSAT top-2 share, CES mean and its
 * linearization variance Σw²(x − x̄)², Kish's n_eff = (Σw)²/Σw² — is a sum of rows, and a set of
 * answers all on one score is seen as such. Kept in the answer's transaction like 0057's roll-up,
 * only for weighted surveys, for every answer with a value of the field (with a unit or without;
 * the weight field itself is not a segment); pilot answers are not counted. Sums are double
 * precision (weights are real numbers).
 *
 * Empty when created: the surveys already weighted get a rebuild of their weighted sums queued
 * (rollup_rebuild_jobs, 0061), which fills it from their stored answers; until it is done the
 * comparison reads the answers themselves, as before. Names spelled out, not imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('response_segment_weights')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('local_day', 'integer', (c) => c.notNull())
    .addColumn('segment', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('answers', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('weighted', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('weight_sum', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('weight_squares', 'double precision', (c) => c.notNull().defaultTo(0))
    // Key order = the comparison's read: one survey, field and metric over a range of days.
    .addPrimaryKeyConstraint('response_segment_weights_pk', [
      'survey_id',
      'field',
      'metric',
      'local_day',
      'segment',
      'score',
    ])
    .execute()
  await db.schema
    .createIndex('response_segment_weights_org')
    .on('response_segment_weights')
    .columns(['org_id', 'survey_id', 'local_day'])
    .execute()
  const surveys = await sql<{ id: string; org_id: string; settings: string }>`
    select id, org_id, settings from surveys`.execute(db)
  for (const survey of surveys.rows) {
    const field = weightFieldOf(survey.settings)
    if (field === null) continue
    await sql`insert into rollup_rebuild_jobs
      (id, org_id, survey_id, weight_field, status, done, total, error, requested_at, started_at, finished_at)
      values (${`m0081-${survey.id}`}, ${survey.org_id}, ${survey.id}, ${field}, 'queued', 0, 0,
        null, 0, null, null)`.execute(db)
  }
}

function weightFieldOf(settings: string): string | null {
  try {
    const parsed = JSON.parse(settings) as { weightField?: unknown } | null
    return typeof parsed?.weightField === 'string' ? parsed.weightField : null
  } catch {
    return null
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_segment_weights').execute()
}
