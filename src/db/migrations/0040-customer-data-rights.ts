import type { Kysely } from 'kysely'

/**
 * Customers' rights over their data (PIPL/GDPR). `customers.erased_at`: when the customer's
 * personal data was erased at their request (or by the retention job) — the record stays as an
 * anonymous id, so answers, transactions and the totals built on them keep counting.
 * `customer_retention`: how long each organisation keeps each type of personal data (days),
 * enforced by a background job; a type without a row is kept until erased by hand. Names are
 * spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('erased_at', 'bigint').execute()
  await db.schema
    .createTable('customer_retention')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_retention_pk', ['org_id', 'data_type'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_retention').execute()
  await db.schema.alterTable('customers').dropColumn('erased_at').execute()
}
