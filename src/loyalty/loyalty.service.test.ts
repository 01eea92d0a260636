import { expect, it } from 'vitest'
import { grantCompensation } from '../cases/compensation.service.js'
import { linkAnswersToCustomers } from '../customers/customer-links.service.js'
import { importTransactionRows } from '../customers/customer-transactions.service.js'
import { searchCustomers } from '../customers/customer.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { AppError } from '../shared/errors.js'
import {
  adjustPoints,
  expireLoyaltyPoints,
  loyaltyAccount,
  redeemPoints,
  runLoyaltyForOrganisation,
  runLoyaltyPoints,
  setLoyaltyProgramme,
} from './loyalty.service.js'

// The points ledger on both stores: earned by purchases (1 point a yuan, refunds none), an answered
// survey (20) and a case's points compensation, redeemed (never below 0, once per request id),
// expired a year after earning (soonest-expiring points spent first); and the balance equal to
// the sum of the entries after 40 writes at once (on PostgreSQL from parallel connections).

const DAY = 86_400_000
const T0 = Date.parse('2026-01-05T02:00:00Z')
const PROGRAMME = {
  tiers: [
    { code: 'standard', nameZh: '普通会员', nameEn: 'Member', minPoints: 0 },
    { code: 'silver', nameZh: '银卡', nameEn: 'Silver', minPoints: 500 },
    { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 2000 },
  ],
  pointsPerYuan: 1,
  pointsPerFeedback: 20,
  expiryDays: 365,
  startsAt: T0,
}

const refused = (code: string) => (e: unknown) => e instanceof AppError && e.code === code

describeEachDialect('loyalty points ledger', (ctx) => {
  async function setup(name: string) {
    const db = ctx.store.db
    const org = await createOrganisation(db, name, T0)
    const as = (role: Role, now = T0): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: `u-${role}`, role },
      now,
    })
    return { db, orgId: org.id, as }
  }

  it('earns by purchase, answer and compensation, redeems, refuses an overdraft and expires', async () => {
    const { db, orgId, as } = await setup('会员店')
    await expect(redeemPoints(as('agent'), 'nobody', { points: 1 })).rejects.toSatisfy(
      refused('CUSTOMER_NOT_FOUND'),
    )
    // A complaint by phone opens a case and makes the customer.
    const complaint = await createFeedback(as('admin'), {
      kind: 'complaint',
      channel: 'hotline',
      text: '送货晚了三天',
      customer: { phone: '138 0013 8000' },
    })
    const [customer] = (await searchCustomers(as('admin'), { q: '13800138000' })).customers
    const id = customer!.id
    await expect(redeemPoints(as('agent'), id, { points: 1 })).rejects.toSatisfy(
      refused('LOYALTY_PROGRAMME_MISSING'),
    )
    await setLoyaltyProgramme(as('admin'), PROGRAMME)

    await importTransactionRows(as('admin', T0 + 2 * DAY), {
      rows: [
        {
          id: 'o-1',
          customerKind: 'phone',
          customerKey: '13800138000',
          at: T0 + DAY,
          amount: 120.5,
        },
        {
          id: 'o-2',
          customerKind: 'phone',
          customerKey: '13800138000',
          at: T0 + 2 * DAY,
          amount: 300,
        },
        {
          id: 'o-3',
          customerKind: 'phone',
          customerKey: '13800138000',
          at: T0 + 2 * DAY,
          amount: -20.5,
        },
        { id: 'o-4', customerKind: 'phone', customerKey: '13800138000', at: T0 - DAY, amount: 999 },
      ],
    })
    await linkAnswersToCustomers(db, T0 + 3 * DAY, [
      {
        id: 'ans-1',
        orgId,
        surveyId: 's-1',
        unitId: null,
        submittedAt: T0 + 3 * DAY,
        nps: 8,
        csat: null,
        channel: 'link',
        segments: { phone: '13800138000' },
      },
    ])
    // The agent pays 100 points for the late delivery.
    await grantCompensation(as('agent', T0 + 4 * DAY), complaint.caseId!, {
      kind: 'points',
      amount: 100,
      note: '补偿 100 积分',
    })

    expect(await runLoyaltyForOrganisation(db, orgId, T0 + 5 * DAY)).toEqual({
      purchases: 2,
      feedback: 1,
      compensation: 1,
    })
    // Again: nothing is credited twice.
    expect(await runLoyaltyPoints(db, T0 + 5 * DAY + 60_000)).toMatchObject({
      purchases: 0,
      feedback: 0,
      compensation: 0,
    })
    let account = await loyaltyAccount(as('agent'), id)
    // 120 + 300 (the refund and the purchase before the start earn nothing) + 20 + 100.
    expect(account).toMatchObject({ balance: 540, earned: 540, tier: 'silver', entriesTotal: 540 })
    expect(account.entries.map((e) => [e.kind, e.points, e.sourceId]).sort()).toEqual([
      ['compensation', 100, expect.any(String)],
      ['feedback', 20, 'ans-1'],
      ['purchase', 120, expect.any(String)],
      ['purchase', 300, expect.any(String)],
    ])
    expect(account.entries.find((e) => e.points === 120)!.expiresAt).toBe(T0 + DAY + 365 * DAY)

    await expect(redeemPoints(as('agent', T0 + 6 * DAY), id, { points: 541 })).rejects.toSatisfy(
      (e: unknown) =>
        refused('LOYALTY_POINTS_INSUFFICIENT')(e) &&
        (e as AppError).extra?.balance === 540 &&
        (e as AppError).extra?.requested === 541,
    )
    expect((await loyaltyAccount(as('agent'), id)).entries).toHaveLength(4)
    account = await redeemPoints(as('agent', T0 + 6 * DAY), id, { points: 200, requestId: 'r-1' })
    expect(account.balance).toBe(340)
    account = await redeemPoints(as('agent', T0 + 6 * DAY), id, { points: 200, requestId: 'r-1' })
    expect(account).toMatchObject({ balance: 340, entriesTotal: 340 })

    // Expiry a year after earning: the 120 at T0+366d, 300 at +367d, 20 at +368d, 100 at +369d.
    // At T0+366.5d only the 120 has expired, and the 200 spent took it first: nothing expires.
    expect(await expireLoyaltyPoints(db, orgId, T0 + 366.5 * DAY)).toBe(0)
    // At T0+370d the 120, 300, 20 and 100 have all expired: 540 − 200 spent = 340 go.
    expect(await expireLoyaltyPoints(db, orgId, T0 + 370 * DAY)).toBe(1)
    account = await loyaltyAccount(as('agent'), id)
    expect(account).toMatchObject({ balance: 0, earned: 540, tier: 'silver', entriesTotal: 0 })
    expect(account.entries[0]).toMatchObject({ kind: 'expiry', points: -340, balanceAfter: 0 })
    expect(await expireLoyaltyPoints(db, orgId, T0 + 371 * DAY)).toBe(0)
  })

  it('keeps the balance equal to the sum of its entries under 40 writes at once', async () => {
    const { db, orgId, as } = await setup('并发')
    await setLoyaltyProgramme(as('admin'), PROGRAMME)
    await importTransactionRows(as('admin'), {
      rows: [{ id: 'c-1', customerKind: 'member', customerKey: 'M1', at: T0, amount: 1 }],
    })
    const [member] = (await searchCustomers(as('admin'), { q: 'M1' })).customers
    const id = member!.id
    await adjustPoints(as('supervisor'), id, { points: 1000, note: '开卡赠送' })
    // 30 redemptions of 50 (1,500 asked of 1,000) and 10 additions of 10, all at once.
    const writes = [
      ...Array.from({ length: 30 }, (_, i) =>
        redeemPoints(as('agent'), id, { points: 50, requestId: `r-${i}` }).then(
          () => 'redeemed',
          (e: unknown) =>
            refused('LOYALTY_POINTS_INSUFFICIENT')(e) ? 'refused' : Promise.reject(e),
        ),
      ),
      ...Array.from({ length: 10 }, () =>
        adjustPoints(as('supervisor'), id, { points: 10, note: '活动' }).then(() => 'added'),
      ),
    ]
    const outcomes = await Promise.all(writes)
    const redeemed = outcomes.filter((o) => o === 'redeemed').length
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(10)
    // Between 20 (every addition after the last redemption) and 22 (every one before) succeed.
    expect(redeemed).toBeGreaterThanOrEqual(20)
    expect(redeemed).toBeLessThanOrEqual(22)
    const account = await loyaltyAccount(as('agent'), id)
    expect(account.balance).toBe(1000 + 100 - 50 * redeemed)
    expect(account.entriesTotal).toBe(account.balance)
    expect(account.entries.filter((e) => e.kind === 'redemption')).toHaveLength(redeemed)
    // Every write took the account's lock once (refused ones too): 1 + 40.
    const version = await db
      .selectFrom('loyalty_accounts')
      .select('version')
      .where('org_id', '=', orgId)
      .where('customer_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(Number(version.version)).toBe(41)
    // No write saw a stale balance: none went below 0, and the balance is one an entry left.
    expect(account.entries.every((e) => e.balanceAfter >= 0)).toBe(true)
    expect(account.entries.some((e) => e.balanceAfter === account.balance)).toBe(true)
  })
})
