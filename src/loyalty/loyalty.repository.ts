import type { CustomerIdsQuery } from '../customers/customer-scope.service.js'
import type { Db } from '../db/database.js'
import type { LoyaltyAccountTable, LoyaltyEntryTable } from './loyalty.table.js'

/**
 * The only code querying the loyalty tables (migration 0039). A ledger write runs in one
 * transaction that first bumps the account's version (lockAccount): PostgreSQL holds the row
 * lock until the transaction ends and SQLite writes one transaction at a time, so writes to one
 * account queue and each reads the balance the one before left.
 */

export type LoyaltyAccountRow = LoyaltyAccountTable
export type LoyaltyEntryRow = LoyaltyEntryTable

export async function findProgramme(
  db: Db,
  orgId: string,
): Promise<{ config: string; updated_at: number } | undefined> {
  return db
    .selectFrom('loyalty_programmes')
    .select(['config', 'updated_at'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
}

export async function saveProgramme(
  db: Db,
  orgId: string,
  config: string,
  now: number,
): Promise<void> {
  await db
    .insertInto('loyalty_programmes')
    .values({ org_id: orgId, config, updated_at: now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ config, updated_at: now }))
    .execute()
}

export async function programmeOrgIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('loyalty_programmes').select('org_id').execute()
  return rows.map((r) => r.org_id)
}

/** Creates the account if new, then bumps its version: the lock every ledger write takes first. */
export async function lockAccount(
  trx: Db,
  orgId: string,
  customerId: string,
  tier: string,
  now: number,
): Promise<LoyaltyAccountRow> {
  await trx
    .insertInto('loyalty_accounts')
    .values({
      org_id: orgId,
      customer_id: customerId,
      balance: 0,
      earned: 0,
      tier,
      version: 0,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'customer_id']).doNothing())
    .execute()
  const row = await trx
    .updateTable('loyalty_accounts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .returningAll()
    .executeTakeFirstOrThrow()
  return { ...row, balance: Number(row.balance), earned: Number(row.earned) }
}

/** Inserts an entry; false when one for the same source and kind exists (nothing written). */
export async function insertEntry(trx: Db, row: LoyaltyEntryRow): Promise<boolean> {
  const result = await trx
    .insertInto('loyalty_entries')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'source_kind', 'source_id']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

export async function setAccount(
  trx: Db,
  orgId: string,
  customerId: string,
  values: { balance: number; earned: number; tier: string; updated_at: number },
): Promise<void> {
  await trx
    .updateTable('loyalty_accounts')
    .set(values)
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .execute()
}

export async function findAccount(
  db: Db,
  orgId: string,
  customerId: string,
): Promise<LoyaltyAccountRow | undefined> {
  const row = await db
    .selectFrom('loyalty_accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst()
  return row && { ...row, balance: Number(row.balance), earned: Number(row.earned) }
}

export async function entriesOf(
  db: Db,
  orgId: string,
  customerId: string,
  limit: number,
): Promise<LoyaltyEntryRow[]> {
  const rows = await db
    .selectFrom('loyalty_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    ...r,
    points: Number(r.points),
    balance_after: Number(r.balance_after),
    expires_at: r.expires_at === null ? null : Number(r.expires_at),
    created_at: Number(r.created_at),
  }))
}

export async function entriesTotal(db: Db, orgId: string, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('loyalty_entries')
    .select((eb) => eb.fn.sum<number | string | null>('points').as('total'))
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow()
  return Number(row.total ?? 0)
}

/**
 * Points earned that expire by `now`, and all points spent or expired so far (positive), of one
 * account: spending takes the soonest-expiring points first, so what is left of the expired ones
 * is max(0, expired − spent).
 */
export async function expiryPosition(
  trx: Db,
  orgId: string,
  customerId: string,
  now: number,
): Promise<{ expiredEarned: number; spent: number }> {
  const row = await trx
    .selectFrom('loyalty_entries')
    .select((eb) => [
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.and([eb('points', '>', 0), eb('expires_at', '<=', now)]))
            .then(eb.ref('points'))
            .else(0)
            .end(),
        )
        .as('expired'),
      eb.fn
        .sum<number | string | null>(
          eb.case().when('points', '<', 0).then(eb.ref('points')).else(0).end(),
        )
        .as('spent'),
    ])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow()
  return { expiredEarned: Number(row.expired ?? 0), spent: -Number(row.spent ?? 0) }
}

/** Accounts of the organisation that hold earned points expired by `now` and not yet spent. */
export async function accountsWithExpiredPoints(
  db: Db,
  orgId: string,
  now: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('loyalty_entries')
    .select((eb) => [
      'customer_id',
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.and([eb('points', '>', 0), eb('expires_at', '<=', now)]))
            .then(eb.ref('points'))
            .when('points', '<', 0)
            .then(eb.ref('points'))
            .else(0)
            .end(),
        )
        .as('left'),
    ])
    .where('org_id', '=', orgId)
    .groupBy('customer_id')
    .execute()
  return rows.filter((r) => Number(r.left ?? 0) > 0).map((r) => r.customer_id)
}

/** The newest `created_at` of the organisation's entries from this source kind (the earning cursor). */
export async function latestSourceTime(
  db: Db,
  orgId: string,
  sourceKind: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('loyalty_entries')
    .select((eb) => eb.fn.max<number | string | null>('created_at').as('at'))
    .where('org_id', '=', orgId)
    .where('source_kind', '=', sourceKind)
    .executeTakeFirstOrThrow()
  return row.at === null || row.at === undefined ? null : Number(row.at)
}

/** Which of these source ids already have an entry of this kind. */
export async function existingSources(
  db: Db,
  orgId: string,
  kind: string,
  sourceKind: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('loyalty_entries')
      .select('source_id')
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .where('source_kind', '=', sourceKind)
      .where('source_id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const r of rows) if (r.source_id !== null) found.add(r.source_id)
  }
  return found
}

/** The ids of an account's entries (what a customer merge moves). */
export async function entryIdsOf(db: Db, orgId: string, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('loyalty_entries')
    .select('id')
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .execute()
  return rows.map((r) => r.id)
}

/** Moves these entries to another account (only those still on `from`); returns how many moved. */
export async function moveEntries(
  trx: Db,
  orgId: string,
  ids: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  let moved = 0
  for (let i = 0; i < ids.length; i += 500) {
    const result = await trx
      .updateTable('loyalty_entries')
      .set({ customer_id: to })
      .where('org_id', '=', orgId)
      .where('customer_id', '=', from)
      .where('id', 'in', ids.slice(i, i + 500))
      .executeTakeFirst()
    moved += Number(result.numUpdatedRows)
  }
  return moved
}

/** An account's entries oldest first, as the ledger ran: kind, points and the balance after each. */
export async function ledgerInOrder(
  trx: Db,
  orgId: string,
  customerId: string,
): Promise<Array<{ id: string; kind: string; points: number; balance_after: number }>> {
  const rows = await trx
    .selectFrom('loyalty_entries')
    .select(['id', 'kind', 'points', 'balance_after'])
    .where('org_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    ...r,
    points: Number(r.points),
    balance_after: Number(r.balance_after),
  }))
}

export async function setBalanceAfter(
  trx: Db,
  orgId: string,
  id: string,
  balanceAfter: number,
): Promise<void> {
  await trx
    .updateTable('loyalty_entries')
    .set({ balance_after: balanceAfter })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

/** The customers' ledger entries, oldest first (a data-rights copy). */
export async function entriesOfCustomers(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<LoyaltyEntryRow[]> {
  if (customerIds.length === 0) return []
  const rows = await db
    .selectFrom('loyalty_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    ...r,
    points: Number(r.points),
    balance_after: Number(r.balance_after),
    expires_at: r.expires_at === null ? null : Number(r.expires_at),
    created_at: Number(r.created_at),
  }))
}

/** Clears the free-text notes of the customers' entries (erasure); returns how many had one. */
export async function clearEntryNotes(
  trx: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<number> {
  if (customerIds.length === 0) return 0
  const result = await trx
    .updateTable('loyalty_entries')
    .set({ note: null })
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
    .where('note', 'is not', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Accounts by balance, highest first (ties by customer id), optionally of one tier and of the
 * customers a subquery names (the reader's units): filtered in the query, then paged.
 */
export async function accountsByBalance(
  db: Db,
  orgId: string,
  filter: {
    tier?: string | undefined
    customers?: CustomerIdsQuery | undefined
    limit: number
    offset: number
  },
): Promise<LoyaltyAccountRow[]> {
  const rows = await accountsFiltered(db, orgId, filter)
    .selectAll()
    .orderBy('balance', 'desc')
    .orderBy('customer_id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute()
  return rows.map((r) => ({ ...r, balance: Number(r.balance), earned: Number(r.earned) }))
}

/** How many accounts the same filter holds (every page). */
export async function countAccounts(
  db: Db,
  orgId: string,
  filter: { tier?: string | undefined; customers?: CustomerIdsQuery | undefined },
): Promise<number> {
  const row = await accountsFiltered(db, orgId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

function accountsFiltered(
  db: Db,
  orgId: string,
  filter: { tier?: string | undefined; customers?: CustomerIdsQuery | undefined },
) {
  let query = db.selectFrom('loyalty_accounts').where('org_id', '=', orgId)
  if (filter.tier !== undefined) query = query.where('tier', '=', filter.tier)
  if (filter.customers !== undefined) query = query.where('customer_id', 'in', filter.customers)
  return query
}

/** How many accounts hold each tier (of the customers a subquery names, when given). */
export async function accountsPerTier(
  db: Db,
  orgId: string,
  customers?: CustomerIdsQuery,
): Promise<Map<string, number>> {
  const rows = await accountsFiltered(db, orgId, { customers })
    .select(['tier', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('tier')
    .execute()
  return new Map(rows.map((r) => [r.tier, Number(r.n)]))
}

/** The customers whose account holds one of these tiers. */
export async function customersInTiers(
  db: Db,
  orgId: string,
  tiers: readonly string[],
): Promise<string[]> {
  if (tiers.length === 0) return []
  const rows = await db
    .selectFrom('loyalty_accounts')
    .select('customer_id')
    .where('org_id', '=', orgId)
    .where('tier', 'in', [...tiers])
    .execute()
  return rows.map((r) => r.customer_id)
}

/** Per tier: its accounts' customers, and the points they earned and redeemed in the ledger. */
export interface TierLedgerTotals {
  customerIds: string[]
  /** Positive entries other than hand adjustments: what `earned` counts. */
  earned: number
  /** Redemptions, as a positive number. */
  redeemed: number
}

/**
 * Each tier's accounts (of the customers a subquery names, when given) with the points their
 * ledger entries earned and redeemed, summed in the store per tier.
 */
export async function tierLedgerTotals(
  db: Db,
  orgId: string,
  customers?: CustomerIdsQuery,
): Promise<Map<string, TierLedgerTotals>> {
  const accounts = await accountsFiltered(db, orgId, { customers })
    .select(['customer_id', 'tier'])
    .orderBy('customer_id')
    .execute()
  let sums = db
    .selectFrom('loyalty_entries as e')
    .innerJoin('loyalty_accounts as a', (join) =>
      join.onRef('a.org_id', '=', 'e.org_id').onRef('a.customer_id', '=', 'e.customer_id'),
    )
    .select((eb) => [
      'a.tier',
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.and([eb('e.points', '>', 0), eb('e.kind', '!=', 'adjustment')]))
            .then(eb.ref('e.points'))
            .else(0)
            .end(),
        )
        .as('earned'),
      eb.fn
        .sum<number | string | null>(
          eb.case().when('e.kind', '=', 'redemption').then(eb.ref('e.points')).else(0).end(),
        )
        .as('redeemed'),
    ])
    .where('e.org_id', '=', orgId)
  if (customers !== undefined) sums = sums.where('e.customer_id', 'in', customers)
  const totals = await sums.groupBy('a.tier').execute()
  const byTier = new Map<string, TierLedgerTotals>()
  for (const a of accounts) {
    const t = byTier.get(a.tier) ?? { customerIds: [], earned: 0, redeemed: 0 }
    t.customerIds.push(a.customer_id)
    byTier.set(a.tier, t)
  }
  for (const s of totals) {
    const t = byTier.get(s.tier)
    if (!t) continue
    t.earned = Number(s.earned ?? 0)
    t.redeemed = -Number(s.redeemed ?? 0)
  }
  return byTier
}
