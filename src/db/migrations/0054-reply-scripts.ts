import type { Kysely } from 'kysely'

/**
 * The script library (话术, issue 19). `reply_scripts`: an organisation's reply and apology
 * templates, each for a cause and a channel (null: any), in Chinese and optionally English, with
 * variables ({customerName}, {caseNumber}, {deadline}) filled in when used; `active` 0 retires one
 * without losing its record. `reply_script_uses`: each time a script was filled in for a case's
 * reply, by whom and when, so the library shows usage counts and the recovery rate of the cases
 * where each was used. Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reply_scripts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cause', 'text')
    .addColumn('channel', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_zh', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('reply_scripts_org')
    .on('reply_scripts')
    .columns(['org_id', 'cause', 'channel'])
    .execute()
  await db.schema
    .createTable('reply_script_uses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('script_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('used_by', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('reply_script_uses_script')
    .on('reply_script_uses')
    .columns(['org_id', 'script_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reply_script_uses').execute()
  await db.schema.dropTable('reply_scripts').execute()
}
