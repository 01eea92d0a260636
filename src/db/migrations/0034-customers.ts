import type { Kysely } from 'kysely'

/**
 * The customer master. `customers`: one record per customer of an organisation, its unit (where it
 * was first met), and — once merged into another — `merged_into`. `customer_keys`: the identity
 * keys that find a customer (kind phone, email, member, account 户号, external, openid), each
 * value normalised and personal: `value_sealed` holds it under the application key and `lookup`
 * its keyed blind index (HMAC), so a lookup never reads plaintext; without keys (a command run on a
 * copy) `lookup` is the normalised value itself and `value_sealed` is null. One value of a kind
 * belongs to one customer of the organisation (unique). `customer_links`: what a customer did —
 * an answer, feedback, a case, an invitation — by the record's id, when, in which unit, and facts
 * without personal values (scores, sentiment, compensation) for the timeline.
 * `customer_events`: the audit trail of merges (by rule or by hand), unmerges and key conflicts,
 * with what moved (ids) so a merge can be undone. Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('unit_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('customers_org')
    .on('customers')
    .columns(['org_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('customer_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lookup', 'text', (c) => c.notNull())
    .addColumn('value_sealed', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('customer_keys_value', ['org_id', 'kind', 'lookup'])
    .execute()
  await db.schema
    .createIndex('customer_keys_customer')
    .on('customer_keys')
    .columns(['customer_id'])
    .execute()
  await db.schema
    .createTable('customer_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addUniqueConstraint('customer_links_source', ['org_id', 'kind', 'source_id'])
    .execute()
  await db.schema
    .createIndex('customer_links_customer')
    .on('customer_links')
    .columns(['customer_id', 'occurred_at'])
    .execute()
  await db.schema
    .createTable('customer_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('other_customer_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('customer_events_customer')
    .on('customer_events')
    .columns(['customer_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_events').execute()
  await db.schema.dropTable('customer_links').execute()
  await db.schema.dropTable('customer_keys').execute()
  await db.schema.dropTable('customers').execute()
}
