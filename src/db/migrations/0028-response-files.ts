import { type Kysely, sql } from 'kysely'

/**
 * Files respondents upload to a file_upload question, kept in the store so every instance
 * behind a load balancer serves them (SQLite and PostgreSQL alike).
 *
 * response_files: one per upload. `upload_key` is the uploader's idempotency key, unique per
 * survey and question, so a retried upload stores nothing twice; `sha256` tells a retry of the
 * same bytes from a reuse of the key for other bytes. `response_id` is set when the answer that
 * names the file is stored (null until then). `content_type` is what the bytes were recognised
 * as, never what the client claimed. Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('response_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('question_key', 'text', (c) => c.notNull())
    .addColumn('upload_key', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text')
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    // bytea on PostgreSQL; SQLite stores the bytes as a BLOB whatever the declared type.
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('response_files_upload_key', ['survey_id', 'question_key', 'upload_key'])
    .execute()
  await db.schema
    .createIndex('response_files_response')
    .on('response_files')
    .columns(['org_id', 'response_id'])
    .execute()
  await db.schema
    .createIndex('response_files_survey')
    .on('response_files')
    .columns(['org_id', 'survey_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('response_files').execute()
}
