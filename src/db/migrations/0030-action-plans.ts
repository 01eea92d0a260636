import type { Kysely } from 'kysely'

/**
 * Action plans (PDCA). `action_plans`: a problem found in the data (with the evidence as it was
 * then: the source, filters, period and figures, JSON), its root cause (category 人/机/料/法/环/测
 * or the organisation's own), the metric it should move in which units (JSON list; empty = the
 * whole organisation) and by how much at least, owner, department, deadline, the date the action
 * took effect, and its status plan → do → check → act → closed, or abandoned with a reason; a plan
 * judged effective can be marked the new standard and copied to other units (`copied_from`).
 * `action_tasks`: its tasks with owners and dates. `action_events`: its history and comments.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('cause_category', 'text', (c) => c.notNull())
    .addColumn('root_cause', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('minimum_effect', 'double precision', (c) => c.notNull())
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('action_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('abandon_reason', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('is_standard', 'integer', (c) => c.notNull())
    .addColumn('copied_from', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('action_plans_number', ['org_id', 'number'])
    .execute()
  await db.schema
    .createIndex('action_plans_status')
    .on('action_plans')
    .columns(['org_id', 'status', 'due_at'])
    .execute()
  await db.schema
    .createTable('action_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('action_tasks_plan').on('action_tasks').columns(['plan_id']).execute()
  await db.schema
    .createTable('action_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('action_events_plan')
    .on('action_events')
    .columns(['plan_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('action_events').execute()
  await db.schema.dropTable('action_tasks').execute()
  await db.schema.dropTable('action_plans').execute()
}
