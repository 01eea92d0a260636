import type { Db } from '../db/database.js'
import { clearEntryNotes, entriesOfCustomers } from './loyalty.repository.js'

// A customer's data-rights request on the points ledger (src/customers/data-rights.service.ts
// drives it). The ledger's figures (points, balances, expiry, sources) hold no personal value and
// stay, so the balance remains the sum of the entries; the free-text note of a redemption or a
// hand adjustment may (an agent writes what the customer said) and is cleared.

export interface LoyaltyEntryExport {
  kind: string
  points: number
  balanceAfter: number
  expiresAt: number | null
  sourceKind: string | null
  sourceId: string | null
  note: string | null
  at: number
}

export async function exportLoyaltyEntries(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<LoyaltyEntryExport[]> {
  return (await entriesOfCustomers(db, orgId, customerIds)).map((e) => ({
    kind: e.kind,
    points: e.points,
    balanceAfter: e.balance_after,
    expiresAt: e.expires_at,
    sourceKind: e.source_kind,
    sourceId: e.source_id,
    note: e.note,
    at: e.created_at,
  }))
}

/** Clears the notes of the customers' ledger entries; returns how many entries had one. */
export async function eraseLoyaltyNotes(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<number> {
  return clearEntryNotes(db, orgId, customerIds)
}
