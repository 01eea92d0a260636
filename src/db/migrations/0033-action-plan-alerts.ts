import type { Kysely } from 'kysely'

/**
 * What the action plans' background jobs have told, so each reminder, escalation and verdict
 * change is told once however many instances run them. `action_plan_alerts`: one row per told
 * event, named by `dedupe_key` (unique in the organisation: a second instance inserting the same
 * event inserts nothing and tells nobody) — a task's or plan's deadline coming (`task_due`,
 * `plan_due`), passed (`task_overdue`, `plan_overdue`), or the plan's effect verdict
 * (`verdict`, with the verdict read). Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_plan_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('action_plan_alerts_key', ['org_id', 'dedupe_key'])
    .execute()
  await db.schema
    .createIndex('action_plan_alerts_plan')
    .on('action_plan_alerts')
    .columns(['plan_id', 'kind', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('action_plan_alerts').execute()
}
