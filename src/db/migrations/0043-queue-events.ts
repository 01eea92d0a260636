import type { Kysely } from 'kysely'

/**
 * Queue events of service halls (排队): a ticket taken, called to a counter, served, or left
 * unserved, and counters opened or closed, per hall (unit), idempotent on the sender's event id.
 * Waits (called − taken) and service times (served − called) are measured from them; no person
 * is named, a ticket is the hall's number only. Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queue_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text')
    .addColumn('counter', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('queue_events_event', ['org_id', 'event_id'])
    .execute()
  await db.schema
    .createIndex('queue_events_unit_time')
    .on('queue_events')
    .columns(['org_id', 'unit_id', 'occurred_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('queue_events').execute()
}
