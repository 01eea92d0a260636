import type { Kysely } from 'kysely'

/**
 * Every request is a work item (issue 20): a case carries the kind of request it handles —
 * complaint (every case before this migration), inquiry, suggestion or praise — and what its
 * kind's workflow decided: outcome (answered | adopted | declined | passed_on) with its reason,
 * the action plan an adopted suggestion is linked to, and the points it was rewarded with (once).
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('complaint'))
    .execute()
  await db.schema.alterTable('cases').addColumn('outcome', 'text').execute()
  await db.schema.alterTable('cases').addColumn('outcome_reason', 'text').execute()
  await db.schema.alterTable('cases').addColumn('action_plan_id', 'text').execute()
  await db.schema.alterTable('cases').addColumn('reward_points', 'integer').execute()
  await db.schema.alterTable('cases').addColumn('rewarded_at', 'bigint').execute()
  // The work queues: one kind's cases of an organisation, newest first.
  await db.schema
    .createIndex('cases_org_kind')
    .on('cases')
    .columns(['org_id', 'kind', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_org_kind').execute()
  for (const column of [
    'rewarded_at',
    'reward_points',
    'action_plan_id',
    'outcome_reason',
    'outcome',
    'kind',
  ])
    await db.schema.alterTable('cases').dropColumn(column).execute()
}
