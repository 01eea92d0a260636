import type { Kysely } from 'kysely'

/**
 * Service commitments (承诺) and the operational events they are measured on.
 *
 * `commitments`: a published promise of the organisation for one service type, measured from one
 * event type to another (order created → technician arrived) within a limit on a clock:
 * `continuous` (minutes around the clock), `business_hours` (working minutes of the business
 * calendar) or `working_days` (T+N working days, to the close of the last); for the units listed
 * (JSON list of unit ids, each with everything below it; empty = every unit).
 * `service_events`: operational events as imported or sent, idempotent on the sender's event id.
 * `commitment_clocks`: one order held to one commitment: when its clock started, when it is due,
 * when it ended, kept / missed / running, and the case a breach opened.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commitments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_event', 'text', (c) => c.notNull())
    .addColumn('end_event', 'text', (c) => c.notNull())
    .addColumn('clock', 'text', (c) => c.notNull())
    .addColumn('limit_value', 'integer', (c) => c.notNull())
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('commitments_code', ['org_id', 'code'])
    .execute()
  await db.schema
    .createTable('service_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('order_ref', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('customer_ref', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('service_events_event', ['org_id', 'event_id'])
    .execute()
  await db.schema
    .createIndex('service_events_order')
    .on('service_events')
    .columns(['org_id', 'order_ref'])
    .execute()
  await db.schema
    .createTable('commitment_clocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'text', (c) => c.notNull())
    .addColumn('order_ref', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('commitment_clocks_order', ['org_id', 'commitment_id', 'order_ref'])
    .execute()
  await db.schema
    .createIndex('commitment_clocks_status')
    .on('commitment_clocks')
    .columns(['status', 'due_at'])
    .execute()
  await db.schema
    .createIndex('commitment_clocks_started')
    .on('commitment_clocks')
    .columns(['org_id', 'started_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('commitment_clocks').execute()
  await db.schema.dropTable('service_events').execute()
  await db.schema.dropTable('commitments').execute()
}
