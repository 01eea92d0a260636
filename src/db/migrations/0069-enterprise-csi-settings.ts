import type { Kysely } from 'kysely'

/**
 * The enterprise CSI's settings (issue 18), one row per organisation: which survey measures
 * 美誉度 and 指名度, the complaint-rate and sales-growth mappings, the five weights and the period
 * (`settings`, JSON checked by the domain's schema on every read and write). Names are spelled
 * out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('enterprise_csi_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('enterprise_csi_settings').execute()
}
