import type { Kysely } from 'kysely'

/**
 * Cohort cells for the retention report (issue 18): customers per (customer's unit, month of
 * their first purchase, month with a purchase), months on the organisation's calendar as whole
 * months since year 0, with `repeat` (customers of the cohort with more than one purchase) on the
 * cohort's own month. Every writer of customer_transactions and of a customer's merge keeps them
 * exact in its own transaction (src/customers/cohort-cells.service.ts).
 * - customer_cohort_cells: the cells; unit_id '' for customers without a unit (a key column);
 * - customer_cohort_state: per organisation, the time zone the cells are counted in and how far
 *   the rebuild has come: the cells hold exactly the customers with id ≤ `rebuilt_through`, or
 *   every customer once `complete` is 1. No row: never built (the report counts from the
 *   transactions until the background rebuild has finished). The rebuild runs in slices, not
 *   here: a month needs the organisation's time zone, which SQLite cannot read.
 * Names are spelled out here, never imported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_cohort_cells')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('cohort', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('repeat', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_cohort_cells_pk', ['org_id', 'unit_id', 'cohort', 'month'])
    .execute()
  await db.schema
    .createTable('customer_cohort_state')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('rebuilt_through', 'text')
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customer_cohort_state').execute()
  await db.schema.dropTable('customer_cohort_cells').execute()
}
