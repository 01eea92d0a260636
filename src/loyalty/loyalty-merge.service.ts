import type { Db } from '../db/database.js'
import {
  entryIdsOf,
  findAccount,
  ledgerInOrder,
  lockAccount,
  moveEntries,
  setAccount,
  setBalanceAfter,
} from './loyalty.repository.js'
import type { LoyaltyProgramme } from './loyalty.schema.js'
import { loyaltyProgramme, tierFor } from './loyalty.service.js'

// When two customers turn out to be one (a merge of the customer master), their points accounts
// become one: the merged customer's ledger entries move to the kept customer, and both accounts
// are recomputed from their entries — balance = the sum of the entries, points earned = the sum
// of earnings (what the tier follows, as in a ledger write), each entry's balance_after the
// running sum in time order. Nothing is posted, so no point is counted twice and a repeated call
// moves nothing more. An unmerge moves the same entries back.

/** Whether a ledger entry counts towards points earned (the tier): as in loyalty.service's post. */
const countsAsEarned = (e: { kind: string; points: number }) =>
  e.points > 0 && e.kind !== 'adjustment'

/**
 * Recomputes an account from its entries (after the account's lock): balance_after of each entry
 * as the running sum, and the balance, points earned and tier. Returns the balance.
 */
async function recompute(
  trx: Db,
  orgId: string,
  customerId: string,
  programme: LoyaltyProgramme | null,
  now: number,
): Promise<number> {
  const entries = await ledgerInOrder(trx, orgId, customerId)
  let balance = 0
  let earned = 0
  for (const e of entries) {
    balance += e.points
    if (countsAsEarned(e)) earned += e.points
    if (e.balance_after !== balance) await setBalanceAfter(trx, orgId, e.id, balance)
  }
  const account = await findAccount(trx, orgId, customerId)
  await setAccount(trx, orgId, customerId, {
    balance,
    earned,
    tier: programme ? tierFor(programme, earned) : (account?.tier ?? ''),
    updated_at: now,
  })
  return balance
}

/** Takes both accounts' locks in one order (by id), so two merges at once cannot deadlock. */
async function lockBoth(
  trx: Db,
  orgId: string,
  ids: readonly [string, string],
  programme: LoyaltyProgramme | null,
  now: number,
): Promise<void> {
  const lowest = programme?.tiers[0]?.code ?? ''
  for (const id of [...ids].sort()) await lockAccount(trx, orgId, id, lowest, now)
}

/**
 * Moves the points of `sourceId` to `targetId` inside the caller's transaction (the customer
 * merge). Returns the ids of the entries moved (kept with the merge, for its undoing); none when
 * the merged customer had no points account.
 */
export async function mergeLoyaltyAccounts(
  trx: Db,
  orgId: string,
  sourceId: string,
  targetId: string,
  now: number,
): Promise<string[]> {
  const ids = await entryIdsOf(trx, orgId, sourceId)
  if (ids.length === 0 && !(await findAccount(trx, orgId, sourceId))) return []
  const programme = await loyaltyProgramme({ db: trx, orgId })
  await lockBoth(trx, orgId, [sourceId, targetId], programme, now)
  await moveEntries(trx, orgId, ids, sourceId, targetId)
  await recompute(trx, orgId, sourceId, programme, now)
  await recompute(trx, orgId, targetId, programme, now)
  return ids
}

/**
 * Moves entries a merge moved back from the kept customer to the one merged into it, inside the
 * caller's transaction. `overdrawn` when the kept customer has since spent points that were the
 * other's (its balance would fall below 0): the caller refuses the unmerge and nothing is kept.
 */
export async function unmergeLoyaltyAccounts(
  trx: Db,
  orgId: string,
  entryIds: readonly string[],
  keptId: string,
  restoredId: string,
  now: number,
): Promise<'moved' | 'overdrawn'> {
  if (entryIds.length === 0) return 'moved'
  const programme = await loyaltyProgramme({ db: trx, orgId })
  await lockBoth(trx, orgId, [keptId, restoredId], programme, now)
  await moveEntries(trx, orgId, entryIds, keptId, restoredId)
  const kept = await recompute(trx, orgId, keptId, programme, now)
  await recompute(trx, orgId, restoredId, programme, now)
  return kept < 0 ? 'overdrawn' : 'moved'
}
