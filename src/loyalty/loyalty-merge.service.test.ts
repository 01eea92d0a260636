import { expect, it } from 'vitest'
import { importTransactionRows } from '../customers/customer-transactions.service.js'
import { mergeCustomers, searchCustomers, unmergeCustomer } from '../customers/customer.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { mergeLoyaltyAccounts } from './loyalty-merge.service.js'
import {
  loyaltyAccount,
  redeemPoints,
  runLoyaltyForOrganisation,
  setLoyaltyProgramme,
} from './loyalty.service.js'

// Two customers who turn out to be one: merging them merges their points accounts. A (member A-1)
// earned 1,200 and redeemed 300; B (member B-1) earned 900. Kept A then holds 900 + 900 = 1,800
// from 2,100 earned (gold from 2,000), every entry's balance after it the running sum in time
// order (1,200 → 2,100 → 1,800), B nothing. A second merge call moves nothing, the earning job
// credits nothing twice; the unmerge gives each back its own (900 silver, 900 silver), and an
// unmerge after A spent B's points is refused with nothing changed. Both stores.

const DAY = 86_400_000
const T0 = Date.parse('2026-03-02T02:00:00Z')
const PROGRAMME = {
  tiers: [
    { code: 'standard', nameZh: '普通会员', nameEn: 'Member', minPoints: 0 },
    { code: 'silver', nameZh: '银卡', nameEn: 'Silver', minPoints: 500 },
    { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 2000 },
  ],
  pointsPerYuan: 1,
  pointsPerFeedback: 0,
  expiryDays: 365,
  startsAt: T0,
}

describeEachDialect('loyalty accounts of merged customers', (ctx) => {
  it('merges two accounts into one without counting a point twice, and unmerges them', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '合并会员', T0)
    const orgId = org.id
    const as = (role: Role, now: number): Scope => ({
      db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: `u-${role}`, role },
      now,
    })
    await setLoyaltyProgramme(as('admin', T0), PROGRAMME)
    const buy = (id: string, member: string, amount: number, at: number) =>
      importTransactionRows(as('admin', at), {
        rows: [{ id, customerKind: 'member', customerKey: member, at, amount }],
      })
    await buy('o-a', 'A-1', 1200, T0 + DAY)
    await buy('o-b', 'B-1', 900, T0 + 2 * DAY)
    expect(await runLoyaltyForOrganisation(db, orgId, T0 + 2 * DAY)).toMatchObject({
      purchases: 2,
    })
    const idOf = async (q: string) =>
      (await searchCustomers(as('admin', T0), { q })).customers[0]!.id
    const a = await idOf('A-1')
    const b = await idOf('B-1')
    await redeemPoints(as('agent', T0 + 3 * DAY), a, { points: 300, requestId: 'r-a' })
    const account = async (id: string) => {
      const acc = await loyaltyAccount(as('agent', T0 + 10 * DAY), id)
      return {
        balance: acc.balance,
        earned: acc.earned,
        tier: acc.tier,
        entriesTotal: acc.entriesTotal,
        ledger: acc.entries.map((e) => [e.kind, e.points, e.balanceAfter]).reverse(),
      }
    }
    expect(await account(a)).toMatchObject({ balance: 900, earned: 1200, tier: 'silver' })
    expect(await account(b)).toMatchObject({ balance: 900, earned: 900, tier: 'silver' })

    const merged = await mergeCustomers(as('admin', T0 + 4 * DAY), a, { sourceId: b })
    expect(await account(a)).toEqual({
      balance: 1800,
      earned: 2100,
      tier: 'gold',
      entriesTotal: 1800,
      ledger: [
        ['purchase', 1200, 1200],
        ['purchase', 900, 2100],
        ['redemption', -300, 1800],
      ],
    })
    const emptied = { balance: 0, earned: 0, tier: 'standard', entriesTotal: 0, ledger: [] }
    expect(await account(b)).toEqual(emptied)

    // Idempotent: a second move finds nothing on B; the job credits neither purchase again.
    expect(await mergeLoyaltyAccounts(db, orgId, b, a, T0 + 4 * DAY)).toEqual([])
    expect(await runLoyaltyForOrganisation(db, orgId, T0 + 5 * DAY)).toMatchObject({
      purchases: 0,
    })
    expect(await account(a)).toMatchObject({ balance: 1800, earned: 2100, entriesTotal: 1800 })

    // Unmerge: each account its own entries, running sums and tier again.
    await unmergeCustomer(as('admin', T0 + 6 * DAY), a, { eventId: merged.event.id })
    expect(await account(a)).toEqual({
      balance: 900,
      earned: 1200,
      tier: 'silver',
      entriesTotal: 900,
      ledger: [
        ['purchase', 1200, 1200],
        ['redemption', -300, 900],
      ],
    })
    expect(await account(b)).toEqual({
      balance: 900,
      earned: 900,
      tier: 'silver',
      entriesTotal: 900,
      ledger: [['purchase', 900, 900]],
    })

    // Merged again, A spends 1,500 (more than its own 900): the unmerge would overdraw A.
    const again = await mergeCustomers(as('admin', T0 + 7 * DAY), a, { sourceId: b })
    await redeemPoints(as('agent', T0 + 8 * DAY), a, { points: 1500, requestId: 'r-big' })
    await expect(
      unmergeCustomer(as('admin', T0 + 9 * DAY), a, { eventId: again.event.id }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_UNMERGE_INVALID' })
    expect(await account(a)).toMatchObject({ balance: 300, earned: 2100, tier: 'gold' })
    expect(await account(b)).toEqual(emptied)
    expect(
      (await searchCustomers(as('admin', T0), { q: 'B-1' })).customers.map((c) => c.id),
    ).toEqual([a])
  })
})
