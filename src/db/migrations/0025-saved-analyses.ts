import type { Kysely } from 'kysely'

/**
 * Saved workbench analyses, and each person's preferences.
 *
 * saved_analyses: an analysis kept to run again on current data: its name, the method, the
 * source (a survey's id, or the name of the file it was first run on, as JSON), the options,
 * filters and period (JSON), the units its saver was limited to (JSON list, null for the whole
 * organisation), who saved it and when it was last changed and run.
 *
 * user_preferences: one value (JSON) per person (membership or token id), organisation and key,
 * e.g. the date range shared by the pages that show figures over time. Names are spelled out
 * here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saved_analyses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('units', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('saved_analyses_org')
    .on('saved_analyses')
    .columns(['org_id', 'updated_at'])
    .execute()
  await db.schema
    .createTable('user_preferences')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_preferences_pk', ['org_id', 'actor_id', 'key'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_preferences').execute()
  await db.schema.dropTable('saved_analyses').execute()
}
