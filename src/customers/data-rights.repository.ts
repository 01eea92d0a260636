import type { Db } from '../db/database.js'
import type {
  CustomerKeyRow,
  CustomerLinkRow,
  CustomerTransactionRow,
} from './customer.repository.js'
import type { CustomerRetentionTable } from './data-rights.table.js'

/**
 * The customer tables' queries of data-rights requests (export, erasure) and of the retention
 * policy (migration 0040). Every query names its organisation.
 */

/** The customer and those merged into it (their records moved to it, their rows stay). */
export async function customerAndMergedIds(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('org_id', '=', orgId)
    .where('merged_into', '=', customerId)
    .execute()
  return [customerId, ...rows.map((r) => r.id)]
}

export async function allKeysOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<CustomerKeyRow[]> {
  return db
    .selectFrom('customer_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function allLinksOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<CustomerLinkRow[]> {
  return db
    .selectFrom('customer_links')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
}

export async function allTransactionsOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<CustomerTransactionRow[]> {
  return db
    .selectFrom('customer_transactions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
}

/**
 * Erases the customers' identity: their keys deleted (value and blind index), the records marked
 * erased. Links, transactions and merge events hold ids and figures only and stay.
 */
export async function eraseCustomerRows(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  now: number,
): Promise<number> {
  const deleted = await db
    .deleteFrom('customer_keys')
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .executeTakeFirst()
  await db
    .updateTable('customers')
    .set({ erased_at: now, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', 'in', [...customerIds])
    .execute()
  return Number(deleted.numDeletedRows)
}

export type RetentionRow = CustomerRetentionTable

export async function retentionOf(db: Db, orgId: string): Promise<RetentionRow[]> {
  return db
    .selectFrom('customer_retention')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('data_type')
    .execute()
}

/** Every organisation's policies (the retention job). */
export async function allRetention(db: Db): Promise<RetentionRow[]> {
  return db
    .selectFrom('customer_retention')
    .selectAll()
    .orderBy('org_id')
    .orderBy('data_type')
    .execute()
}

export async function replaceRetention(
  db: Db,
  orgId: string,
  rows: readonly RetentionRow[],
): Promise<void> {
  await db.deleteFrom('customer_retention').where('org_id', '=', orgId).execute()
  if (rows.length > 0)
    await db
      .insertInto('customer_retention')
      .values([...rows])
      .execute()
}

/** Customers not erased whose every record (link, transaction) is older than `before`, oldest first. */
export async function customersIdleSince(
  db: Db,
  orgId: string,
  before: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('customers as c')
    .select('c.id')
    .where('c.org_id', '=', orgId)
    .where('c.erased_at', 'is', null)
    .where('c.merged_into', 'is', null)
    .where('c.created_at', '<', before)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('customer_links as l')
            .select('l.id')
            .whereRef('l.customer_id', '=', 'c.id')
            .where('l.occurred_at', '>=', before),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('customer_transactions as t')
            .select('t.id')
            .whereRef('t.customer_id', '=', 'c.id')
            .where('t.occurred_at', '>=', before),
        ),
      ),
    )
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}
