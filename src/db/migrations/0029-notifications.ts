import type { Kysely } from 'kysely'

/**
 * Notifications. `notifications`: what a member is told in the app (a case given to them, an
 * approval asked of them or decided), one row per member and event (`dedupe_key` unique per
 * member, so an event retried never tells twice), read or not. `robot_channels`: an
 * organisation's group robots (WeCom, DingTalk, Feishu) with their webhook address and signing
 * secret, both sealed like other secrets, and the kinds of event they take (JSON list; empty =
 * all) and the language its messages are written in. `robot_outbox`: a message waiting for a robot, claimed by one instance at a time
 * (`state` pending → sending → sent/failed) so several instances send it once. Names are spelled
 * out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addUniqueConstraint('notifications_member_dedupe', ['org_id', 'member_id', 'dedupe_key'])
    .execute()
  await db.schema
    .createIndex('notifications_member_recent')
    .on('notifications')
    .columns(['org_id', 'member_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('robot_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('robot_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('robot_outbox_due')
    .on('robot_outbox')
    .columns(['state', 'next_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('robot_outbox').execute()
  await db.schema.dropTable('robot_channels').execute()
  await db.schema.dropTable('notifications').execute()
}
