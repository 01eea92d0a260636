import type { Kysely } from 'kysely'

/**
 * The organisation's e-mail inbox read by IMAP into feedback (issue 20): the server, its TLS,
 * the account (its password sealed like the channels' other credentials), the folder read, and
 * what the last look at it found (ok, or a stable error code such as IMAP_AUTH_FAILED) for the
 * settings page. email_inbox_seen: each message taken, by its Message-ID (or the folder's
 * UIDVALIDITY and the message's UID when it has none), so a message becomes feedback or a line on
 * its case once, whichever instance reads it and however often. Names are spelled out here,
 * never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('channel_settings')
    .addColumn('email_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  for (const [name, type] of [
    ['imap_host', 'text'],
    ['imap_port', 'integer'],
    ['imap_tls', 'integer'],
    ['imap_user', 'text'],
    ['imap_password_sealed', 'text'],
    ['imap_folder', 'text'],
    ['imap_status', 'text'],
    ['imap_checked_at', 'bigint'],
  ] as const)
    await db.schema.alterTable('channel_settings').addColumn(name, type).execute()
  await db.schema
    .createTable('email_inbox_seen')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('feedback_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('taken_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_inbox_seen_pk', ['org_id', 'message_key'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_inbox_seen').execute()
  for (const name of [
    'imap_checked_at',
    'imap_status',
    'imap_folder',
    'imap_password_sealed',
    'imap_user',
    'imap_tls',
    'imap_port',
    'imap_host',
    'email_enabled',
  ])
    await db.schema.alterTable('channel_settings').dropColumn(name).execute()
}
