import type { Kysely } from 'kysely'

/**
 * Alert rules and how alerts reach people. `alert_rules`: an organisation's rules on a metric at
 * a unit (or each of its children) — a control-chart signal, a significant drop against the
 * previous period, a target going off track, a topic surge, the SLA breach rate, a fall in answer
 * volume — with their parameters (JSON) and rate limits. `alert_firings`: each alert raised, once
 * per rule, unit, subject (a topic, a target) and period (unique), with its evidence (JSON) and
 * whether it was delivered or held back by a rate limit. `alert_subscriptions`: which members
 * are told of which rule ('' = every rule) at which unit ('' = every unit they may see).
 * `notification_settings`: a member's e-mail choice and quiet hours (minutes after local
 * midnight in the organisation's time zone). `notification_mail`: e-mails waiting to be sent —
 * held until quiet hours end — each claimed by one instance. Names are spelled out here, never
 * imported from live code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('each_child', 'integer', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('cooldown_hours', 'integer', (c) => c.notNull())
    .addColumn('max_per_day', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('alert_rules_org')
    .on('alert_rules')
    .columns(['org_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('alert_firings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('unit_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('alert_firings_once', [
      'org_id',
      'rule_id',
      'unit_key',
      'subject',
      'period',
    ])
    .execute()
  await db.schema
    .createIndex('alert_firings_recent')
    .on('alert_firings')
    .columns(['org_id', 'rule_id', 'fired_at'])
    .execute()
  await db.schema
    .createTable('alert_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('unit_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('alert_subscriptions_once', [
      'org_id',
      'member_id',
      'rule_key',
      'unit_key',
    ])
    .execute()
  await db.schema
    .createTable('notification_settings')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('quiet_from', 'integer')
    .addColumn('quiet_to', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_settings_pk', ['org_id', 'member_id'])
    .execute()
  await db.schema
    .createTable('notification_mail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
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
    .createIndex('notification_mail_due')
    .on('notification_mail')
    .columns(['state', 'next_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notification_mail').execute()
  await db.schema.dropTable('notification_settings').execute()
  await db.schema.dropTable('alert_subscriptions').execute()
  await db.schema.dropTable('alert_firings').execute()
  await db.schema.dropTable('alert_rules').execute()
}
