import type { Kysely } from 'kysely'

/**
 * A scheduled report's e-mail, retried until sent. On `report_archive`: `mail_subject` and
 * `mail_text` (the e-mail as made with the report, so a later try sends the same words as the
 * attached files), `mail_pending` (JSON list of the addresses not yet sent to; an address leaves
 * the list as soon as the mail server took its message, so a retry never writes to it twice),
 * `mail_claim` and `mail_claimed_at` (the one instance sending it now; a claim older than the
 * job's stale limit is taken over), `mail_attempts`, `mail_next_at` (not before; growing delays
 * after a failure) and `mail_error` (the last failure's words). Names are spelled out here,
 * never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [column, type] of [
    ['mail_subject', 'text'],
    ['mail_text', 'text'],
    ['mail_pending', 'text'],
    ['mail_claim', 'text'],
    ['mail_claimed_at', 'bigint'],
    ['mail_next_at', 'bigint'],
    ['mail_error', 'text'],
  ] as const)
    await db.schema.alterTable('report_archive').addColumn(column, type).execute()
  await db.schema
    .alterTable('report_archive')
    .addColumn('mail_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'mail_attempts',
    'mail_error',
    'mail_next_at',
    'mail_claimed_at',
    'mail_claim',
    'mail_pending',
    'mail_text',
    'mail_subject',
  ])
    await db.schema.alterTable('report_archive').dropColumn(column).execute()
}
