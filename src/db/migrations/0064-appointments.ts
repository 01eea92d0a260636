import type { Kysely } from 'kysely'

/**
 * Appointments (预约) at service halls and for home visits. appointment_units: a unit's opening
 * pattern (weekday, from–to, slot length, capacity) as JSON. appointment_slots: the slots made
 * from it on the organisation's clock, each with its capacity and how many are booked — a
 * booking takes a place with one conditional UPDATE (booked < capacity), so two instances never
 * overbook. appointment_bookings: the customer's name and phone sealed (only the masked phone in
 * clear), the hash of the customer's own link, status booked → arrived / no_show / cancelled, and
 * the hall's queue ticket on arrival. appointment_messages: confirmation, reminder and
 * cancellation messages, one per booking, kind and channel (the unique key makes the reminder
 * fire once across instances), claimed by one instance at a time. Names are spelled out here,
 * never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('appointment_units')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('horizon_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('appointment_units_pk', ['org_id', 'unit_id'])
    .execute()
  await db.schema
    .createTable('appointment_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull())
    .addUniqueConstraint('appointment_slots_start', ['org_id', 'unit_id', 'starts_at'])
    .execute()
  await db.schema
    .createTable('appointment_bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('name_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_sealed', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('email_sealed', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text')
    .addColumn('consent_at', 'bigint', (c) => c.notNull())
    .addColumn('arrived_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('appointment_bookings_token', ['token_hash'])
    .execute()
  await db.schema
    .createIndex('appointment_bookings_start')
    .on('appointment_bookings')
    .columns(['org_id', 'starts_at'])
    .execute()
  await db.schema
    .createTable('appointment_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('appointment_messages_once', ['booking_id', 'kind', 'channel'])
    .execute()
  await db.schema
    .createIndex('appointment_messages_due')
    .on('appointment_messages')
    .columns(['state', 'next_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('appointment_messages').execute()
  await db.schema.dropTable('appointment_bookings').execute()
  await db.schema.dropTable('appointment_slots').execute()
  await db.schema.dropTable('appointment_units').execute()
}
