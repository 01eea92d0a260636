import type { Kysely } from 'kysely'

/**
 * Contact rules and recurring programmes (issue 18).
 *
 * `contact_rules`: one row per organisation: `cap_days` (no contact or customer asked again
 * within so many days; null = no cap), `quiet_from`/`quiet_to` (minutes after local midnight in
 * the organisation's time zone; null = no quiet hours).
 * `contact_touches`: every invitation sent, once per identity it reached (`customer:<id>`,
 * `email:<blind index>`, `phone:<blind index>`), read by the frequency cap.
 * `customer_consents`: a customer's consent per purpose (survey_invitation, service, marketing),
 * granted or withdrawn, with when and from where.
 * `invitations`: `skip_reason` (capped, opted_out, no_consent, no_address, quiet_hours),
 * `skip_detail` (the last asked or the deferral's end, ISO) and `not_before` (a deferred
 * invitation is not sent before it).
 * `programmes`: a recurring survey (monthly, quarterly, yearly from `start_date`) to an audience
 * (JSON: a contact list or a unit subtree), with its message (JSON settings as distributions).
 * `programme_runs`: one per programme and period (unique), with the distribution it made.
 * Names are spelled out here, never imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact_rules')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('cap_days', 'integer')
    .addColumn('quiet_from', 'integer')
    .addColumn('quiet_to', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('contact_touches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('contact_touches_identity')
    .on('contact_touches')
    .columns(['org_id', 'identity', 'sent_at'])
    .execute()
  await db.schema
    .createIndex('contact_touches_invitation')
    .on('contact_touches')
    .column('invitation_id')
    .execute()
  await db.schema
    .createTable('customer_consents')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_consents_pk', ['org_id', 'customer_id', 'purpose'])
    .execute()
  for (const [column, type] of [
    ['skip_reason', 'text'],
    ['skip_detail', 'text'],
    ['not_before', 'bigint'],
  ] as const)
    await db.schema.alterTable('invitations').addColumn(column, type).execute()
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('programme_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('distribution_id', 'text')
    .addColumn('error', 'text')
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('programme_runs_period', ['programme_id', 'period'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('programme_runs').execute()
  await db.schema.dropTable('programmes').execute()
  for (const column of ['not_before', 'skip_detail', 'skip_reason'])
    await db.schema.alterTable('invitations').dropColumn(column).execute()
  await db.schema.dropTable('customer_consents').execute()
  await db.schema.dropTable('contact_touches').execute()
  await db.schema.dropTable('contact_rules').execute()
}
