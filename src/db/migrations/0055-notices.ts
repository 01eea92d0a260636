import type { Kysely } from 'kysely'

/**
 * Proactive notices (停电通知): planned outages and service disruptions announced ahead to the
 * customers of an area (units) or a list, and their customer-facing outbox — one message per
 * recipient and channel (sms through the organisation's gateway webhook, email), claimed by one
 * instance at a time, tracked queued → sending → sent → delivered/failed. The address is sealed
 * and cleared once the message is settled; only its masked form stays. notice_settings: the
 * organisation's gateway (secret sealed) and the lead time its compliance is read against.
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notice_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('gateway_url', 'text')
    .addColumn('gateway_secret', 'text')
    .addColumn('lead_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('notices_org_start')
    .on('notices')
    .columns(['org_id', 'starts_at'])
    .execute()
  await db.schema
    .createTable('notice_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('notice_id', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address_sealed', 'text')
    .addColumn('address_masked', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('notice_messages_due')
    .on('notice_messages')
    .columns(['state', 'next_at'])
    .execute()
  await db.schema
    .createIndex('notice_messages_notice')
    .on('notice_messages')
    .columns(['org_id', 'notice_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notice_messages').execute()
  await db.schema.dropTable('notices').execute()
  await db.schema.dropTable('notice_settings').execute()
}
