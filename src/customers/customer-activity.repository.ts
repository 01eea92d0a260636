import type { Db } from '../db/database.js'

/** Reads of customers' transactions and links in arrival order (keyset pages after `after`), for the loyalty ledger's earning. */

export async function transactionsCreatedSince(
  db: Db,
  orgId: string,
  after: { at: number; id: string },
  limit: number,
): Promise<
  {
    id: string
    customerId: string
    amount: number
    isRefund: boolean
    occurredAt: number
    createdAt: number
  }[]
> {
  const rows = await db
    .selectFrom('customer_transactions')
    .select(['id', 'customer_id', 'amount', 'is_refund', 'occurred_at', 'created_at'])
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('created_at', '>', after.at),
        eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    amount: Number(r.amount),
    isRefund: Number(r.is_refund) === 1,
    occurredAt: Number(r.occurred_at),
    createdAt: Number(r.created_at),
  }))
}

export async function answerLinksSince(
  db: Db,
  orgId: string,
  after: { at: number; id: string },
  limit: number,
): Promise<{ answerId: string; customerId: string; at: number }[]> {
  const rows = await db
    .selectFrom('customer_links')
    .select(['source_id', 'customer_id', 'occurred_at'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'answer')
    .where((eb) =>
      eb.or([
        eb('occurred_at', '>', after.at),
        eb.and([eb('occurred_at', '=', after.at), eb('source_id', '>', after.id)]),
      ]),
    )
    .orderBy('occurred_at')
    .orderBy('source_id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    answerId: r.source_id,
    customerId: r.customer_id,
    at: Number(r.occurred_at),
  }))
}

/** The customer each case is linked to (case id → customer id). */
export async function customersOfCases(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('customer_links')
    .select(['source_id', 'customer_id'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'case')
    .where('source_id', 'in', [...caseIds])
    .execute()
  return new Map(rows.map((r) => [r.source_id, r.customer_id]))
}

/** The customer's unit, if the customer exists in the organisation (merged ones too). */
export async function customerUnit(
  db: Db,
  orgId: string,
  id: string,
): Promise<{ unitId: string | null } | undefined> {
  const row = await db
    .selectFrom('customers')
    .select('unit_id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && { unitId: row.unit_id }
}
