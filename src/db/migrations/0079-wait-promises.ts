import type { Kysely } from 'kysely'

/**
 * The waiting promise and alerts when waits break it (issue 20):
 * - wait_promises: per organisation, "within_percent % of visitors called within `minutes`";
 *   unit_key '' is the organisation's default, a unit's id overrides it for that unit and every
 *   unit below it (the nearest one up the tree applies);
 * - alert_firings.closed_at: when a breach episode ended (the figures recovered); an alert kind
 *   judged in episodes (wait_promise) raises again only after its last episode was closed.
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wait_promises')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_key', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('within_percent', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('wait_promises_pk', ['org_id', 'unit_key'])
    .execute()
  await db.schema.alterTable('alert_firings').addColumn('closed_at', 'bigint').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert_firings').dropColumn('closed_at').execute()
  await db.schema.dropTable('wait_promises').execute()
}
