import type { Kysely } from 'kysely'

/**
 * Customers' transactions (orders, visits, bills, service orders): the customer, when, the amount
 * (negative for a refund, marked `is_refund`), the unit, channel and type, and the source system's
 * id — one per organisation, so importing the same file again adds nothing. Names are spelled out
 * here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addColumn('is_refund', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('channel', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('customer_transactions_external', ['org_id', 'external_id'])
    .execute()
  await db.schema
    .createIndex('customer_transactions_customer')
    .on('customer_transactions')
    .columns(['customer_id', 'occurred_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_transactions').execute()
}
