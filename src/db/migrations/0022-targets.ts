import type { Kysely } from 'kysely'

/**
 * Targets: per organisation unit, metric (nps, csat, ces) and period — a month `2026-11`, a
 * quarter `2026-Q4` or a year `2026` (`period_type` month/quarter/year) — the value the unit
 * should reach. `origin` says whether it was set by hand (`manual`) or cascaded from the parent's
 * target (`cascade`, with `cascaded_from` naming that target). One target per unit, metric and
 * period. Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period_type', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('cascaded_from', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('targets_unit_metric_period', ['org_id', 'unit_id', 'metric', 'period'])
    .execute()
  await db.schema
    .createIndex('targets_period')
    .on('targets')
    .columns(['org_id', 'period'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('targets').execute()
}
