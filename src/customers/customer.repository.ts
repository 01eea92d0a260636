import type { Db } from '../db/database.js'
import { keyedSealingIo, type SealingIo } from '../personal-data/sealed-table.service.js'
import type {
  CustomerEventTable,
  CustomerKeyTable,
  CustomerLinkTable,
  CustomerTable,
  CustomerTransactionTable,
} from './customer.table.js'

/**
 * The only code querying the customer tables (migrations 0034, 0035). Functions take the store
 * handle or the transaction they run in; every query names its organisation.
 */

export type CustomerRow = CustomerTable
export type CustomerKeyRow = CustomerKeyTable
export type CustomerLinkRow = CustomerLinkTable
export type CustomerEventRow = CustomerEventTable
export type CustomerTransactionRow = CustomerTransactionTable

export async function insertCustomer(db: Db, row: CustomerRow): Promise<void> {
  await db.insertInto('customers').values(row).execute()
}

/** Rows per multi-row insert of customers or keys (within SQLite's bound parameters). */
const INSERT_CHUNK = 100

/** Many new customers at once (a transaction file's unknown keys). */
export async function insertCustomers(db: Db, rows: readonly CustomerRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('customers')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute()
}

/** Many new keys at once; a key another customer holds already is not stored. */
export async function insertKeys(db: Db, rows: readonly CustomerKeyRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('customer_keys')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'lookup']).doNothing())
      .execute()
}

/** A customer by id in any organisation (the caller compares organisations). */
export async function findCustomerAnyOrg(db: Db, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function customersByIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<CustomerRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('customers')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute()
}

export async function setMergedInto(
  db: Db,
  orgId: string,
  id: string,
  into: string | null,
  now: number,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ merged_into: into, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

/** The stored keys among `lookups` of one kind. */
export async function keysByLookup(
  db: Db,
  orgId: string,
  kind: string,
  lookups: readonly string[],
): Promise<CustomerKeyRow[]> {
  if (lookups.length === 0) return []
  return db
    .selectFrom('customer_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('lookup', 'in', [...lookups])
    .execute()
}

/** Inserts a key; false when its value is held already (by any customer of the organisation). */
export async function insertKey(db: Db, row: CustomerKeyRow): Promise<boolean> {
  const result = await db
    .insertInto('customer_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'lookup']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
}

export async function keysOfCustomers(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<CustomerKeyRow[]> {
  if (customerIds.length === 0) return []
  return db
    .selectFrom('customer_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

type Owned = 'customer_keys' | 'customer_links' | 'customer_transactions'

/** The ids of a customer's keys, links or transactions. */
export async function ownedIds(
  db: Db,
  table: Owned,
  orgId: string,
  customerId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .execute()
  return rows.map((r) => r.id)
}

/** Moves these keys, links or transactions to another customer (only those still on `from`). */
export async function moveOwned(
  db: Db,
  table: Owned,
  orgId: string,
  ids: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  let moved = 0
  for (let i = 0; i < ids.length; i += 500) {
    const result = await db
      .updateTable(table)
      .set({ customer_id: to })
      .where('org_id', '=', orgId)
      .where('customer_id', '=', from)
      .where('id', 'in', ids.slice(i, i + 500))
      .executeTakeFirst()
    moved += Number(result.numUpdatedRows)
  }
  return moved
}

export async function insertEvent(db: Db, row: CustomerEventRow): Promise<void> {
  await db.insertInto('customer_events').values(row).execute()
}

export async function findEvent(
  db: Db,
  orgId: string,
  id: string,
): Promise<CustomerEventRow | undefined> {
  return db
    .selectFrom('customer_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Marks an event undone; false when it was undone already (by someone else meanwhile). */
export async function markEventUndone(
  db: Db,
  orgId: string,
  id: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('customer_events')
    .set({ undone_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('undone_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function eventsOfCustomers(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<CustomerEventRow[]> {
  if (customerIds.length === 0) return []
  return db
    .selectFrom('customer_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('customer_id', 'in', [...customerIds]),
        eb('other_customer_id', 'in', [...customerIds]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Links the records; a record linked before keeps its customer. Returns how many were new. */
export async function insertLinks(db: Db, rows: readonly CustomerLinkRow[]): Promise<number> {
  let inserted = 0
  for (let i = 0; i < rows.length; i += 200) {
    const result = await db
      .insertInto('customer_links')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'source_id']).doNothing())
      .executeTakeFirst()
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n)
  }
  return inserted
}

/** Updates the facts of a linked record (a case's status, compensation). */
export async function updateLinkFacts(
  db: Db,
  orgId: string,
  kind: string,
  sourceId: string,
  facts: string,
): Promise<void> {
  await db
    .updateTable('customer_links')
    .set({ facts })
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .execute()
}

/** The customer a record is linked to. */
export async function customerOfLink(
  db: Db,
  orgId: string,
  kind: string,
  sourceId: string,
): Promise<{ customerId: string; facts: string } | undefined> {
  const row = await db
    .selectFrom('customer_links')
    .select(['customer_id', 'facts'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  return row && { customerId: row.customer_id, facts: row.facts }
}

export async function linksOf(
  db: Db,
  orgId: string,
  customerId: string,
  limit: number,
): Promise<CustomerLinkRow[]> {
  return db
    .selectFrom('customer_links')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** The source system's ids among `externalIds` imported before. */
export async function existingExternalIds(
  db: Db,
  orgId: string,
  externalIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db
      .selectFrom('customer_transactions')
      .select('external_id')
      .where('org_id', '=', orgId)
      .where('external_id', 'in', externalIds.slice(i, i + 500))
      .execute()
    for (const row of rows) found.add(row.external_id)
  }
  return found
}

/** Inserts transactions; one whose id another import stored meanwhile is skipped. */
export async function insertTransactions(
  db: Db,
  rows: readonly CustomerTransactionRow[],
): Promise<number> {
  let inserted = 0
  for (let i = 0; i < rows.length; i += 200) {
    const result = await db
      .insertInto('customer_transactions')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['org_id', 'external_id']).doNothing())
      .executeTakeFirst()
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n)
  }
  return inserted
}

export async function transactionsOf(
  db: Db,
  orgId: string,
  customerId: string,
  limit: number,
): Promise<CustomerTransactionRow[]> {
  return db
    .selectFrom('customer_transactions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** Count and sums of a customer's transactions. */
export async function transactionTotals(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<{ count: number; spend: number; refunds: number }> {
  const row = await db
    .selectFrom('customer_transactions')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string | null>('amount').as('spend'),
      eb.fn.sum<number | string | null>('is_refund').as('refunds'),
    ])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), spend: Number(row.spend ?? 0), refunds: Number(row.refunds ?? 0) }
}

export interface CustomerKeySealingRow {
  id: string
  kind: string
  lookup: string
  value_sealed: string | null
}

/** The sealing sweep's queries of customer keys (all organisations). */
export const customerKeySealingIo: SealingIo<CustomerKeySealingRow> = keyedSealingIo(
  'customer_keys',
  ['kind', 'lookup', 'value_sealed'],
)
