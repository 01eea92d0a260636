import { type Kysely, sql } from 'kysely'

/**
 * Action plans' attachments and approval. `action_plan_attachments`: files attached to a plan
 * (the bytes themselves, their type as recognised from the first bytes, size and SHA-256).
 * `action_plan_settings`: one row per organisation that wants plans approved before they are
 * carried out (`approval_required`). On `action_plans`, the approval asked of a named member:
 * `approval_status` (pending, approved or rejected; null when never asked), who asked and when,
 * the approver, when they decided and their note. Names are spelled out here, never imported
 * from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_plan_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared type.
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('action_plan_attachments_plan')
    .on('action_plan_attachments')
    .columns(['org_id', 'plan_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('action_plan_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('approval_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  for (const [column, type] of [
    ['approval_status', 'text'],
    ['approval_requested_by', 'text'],
    ['approval_requested_at', 'bigint'],
    ['approver_id', 'text'],
    ['approval_decided_at', 'bigint'],
    ['approval_note', 'text'],
  ] as const)
    await db.schema.alterTable('action_plans').addColumn(column, type).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'approval_note',
    'approval_decided_at',
    'approver_id',
    'approval_requested_at',
    'approval_requested_by',
    'approval_status',
  ])
    await db.schema.alterTable('action_plans').dropColumn(column).execute()
  await db.schema.dropTable('action_plan_settings').execute()
  await db.schema.dropTable('action_plan_attachments').execute()
}
