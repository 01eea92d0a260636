import type { Kysely } from 'kysely'

// Survey settings (hidden fields, open/close times, response quota) as one JSON text column.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('surveys').addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}')).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('surveys').dropColumn('settings').execute()
}
