import type { Kysely } from 'kysely'

/**
 * A covering index of the monthly complaint roll-up (0036) for league tables and targets, like
 * 0037's for the answers' roll-up: a league reads each unit's months by unit id and month range
 * and filters by organisation. Without it, a plain `org_id = ?` filter led SQLite to seek the
 * (org_id, month) index once per unit — every unit's months of the organisation, each time — which
 * is why the query hid its org filter behind `org_id || ''`; with org_id, feedback and complaints
 * in this index SQLite seeks (unit_id, month) and never visits the table, and PostgreSQL gets a
 * plain filter it can estimate. Names spelled out, not imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('feedback_unit_monthly_counts_league')
    .on('feedback_unit_monthly_counts')
    .columns(['unit_id', 'month', 'org_id', 'feedback', 'complaints'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('feedback_unit_monthly_counts_league').execute()
}
