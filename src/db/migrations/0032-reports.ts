import { type Kysely, sql } from 'kysely'

/**
 * Unit reports and management reviews.
 * `report_schedules`: a unit's weekly or monthly report (周报/月报), its language and the
 * addresses it is e-mailed to (JSON list). `report_archive`: each report made, PDF and XLSX bytes
 * kept in the store so every instance serves them; unique per schedule and period, so the job
 * that makes them (several instances, one database) makes each once. `management_reviews`: a
 * periodic review of a unit: date, attendees, the metrics against their targets as they stood
 * (JSON snapshot), the plans reviewed and the new ones (JSON snapshots), decisions and notes.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('report_schedules_org')
    .on('report_schedules')
    .columns(['org_id', 'unit_id'])
    .execute()
  await db.schema
    .createTable('report_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    // '' for a report made on demand (no schedule), so the unique key below holds for schedules.
    .addColumn('schedule_key', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared type.
    .addColumn('pdf', sql`bytea`)
    .addColumn('xlsx', sql`bytea`)
    .addColumn('pdf_size', 'integer', (c) => c.notNull())
    .addColumn('xlsx_size', 'integer', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('report_archive_once')
    .on('report_archive')
    .columns(['org_id', 'schedule_key', 'period'])
    .unique()
    .execute()
  await db.schema
    .createIndex('report_archive_unit')
    .on('report_archive')
    .columns(['org_id', 'unit_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('management_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('plans_reviewed', 'text', (c) => c.notNull())
    .addColumn('decisions', 'text', (c) => c.notNull())
    .addColumn('new_plans', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('management_reviews_unit')
    .on('management_reviews')
    .columns(['org_id', 'unit_id', 'held_on'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('management_reviews').execute()
  await db.schema.dropTable('report_archive').execute()
  await db.schema.dropTable('report_schedules').execute()
}
