import type { Kysely } from 'kysely'

/**
 * Transaction imports running in the background (a million rows from CSV/XLSX): the file's name,
 * the phase (reading, checking, writing, done, failed), rows done of total, and when finished the
 * report (JSON) or the error (JSON). Live progress is held by the instance doing the work; this
 * table answers for a finished job on any instance. Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transaction_import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('transaction_import_jobs').execute()
}
