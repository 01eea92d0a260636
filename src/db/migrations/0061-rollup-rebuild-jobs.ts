import type { Kysely } from 'kysely'

/**
 * rollup_rebuild_jobs: rebuilds of a survey's weighted unit roll-up (response_unit_monthly_weights,
 * 0057) asked for when its respondent weight (settings.weightField) changes, run in the background
 * by the sweep (issue 16). Per job: organisation, survey, the weight field it applies (null: the
 * survey is no longer weighted and its weighted sums go), status (queued, running, done, failed),
 * answers done of total, the error (JSON) when failed, and when it was asked for, started and
 * finished. A queued job is claimed by one conditional update, so it runs once across instances.
 * Names spelled out, not imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollup_rebuild_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('weight_field', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('rollup_rebuild_jobs_queue')
    .on('rollup_rebuild_jobs')
    .columns(['status', 'requested_at'])
    .execute()
  await db.schema
    .createIndex('rollup_rebuild_jobs_survey')
    .on('rollup_rebuild_jobs')
    .columns(['org_id', 'survey_id', 'requested_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rollup_rebuild_jobs').execute()
}
