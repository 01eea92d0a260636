import type { Kysely } from 'kysely'

/**
 * Saved customer segments (issue 18), a recurring programme's possible audience.
 * `customer_segments`: a named selection of the organisation's customers — those first met in a
 * unit and the units below it (`unit_id`, null: any unit) holding one of the loyalty tiers in
 * `tiers` (JSON array of tier codes, empty: any tier or none); the name is unique per
 * organisation. Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('tiers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('customer_segments_name', ['org_id', 'name'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_segments').execute()
}
