import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// Loyalty, churn and retention over HTTP on both stores: the programme is set (a wrong tier list
// refused), a purchase of 250.80 earns 250 points through the background jobs, an overdraft is
// refused with the balance, a redemption lowers it; the retention report counts the buyer, and
// the churn model says there is not enough history yet. The members list shows the buyer with
// tier and balance, filtered by tier.

describeEachDialect('loyalty, churn and retention over HTTP', (ctx) => {
  let t: TestApp
  const headers = () => ({ cookie: t.adminCookie })
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: headers() })
  const send = (method: 'POST' | 'PUT', url: string, payload: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: headers(), payload })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('earns, refuses an overdraft, redeems, and reports retention and the churn model', async () => {
    expect((await get('/loyalty/programme')).json()).toBeNull()
    const tiers = [
      { code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 },
      { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 200 },
    ]
    const programme = {
      tiers,
      pointsPerYuan: 1,
      pointsPerFeedback: 0,
      expiryDays: 365,
      startsAt: t.clock.now - 86_400_000,
    }
    const wrong = await send('PUT', '/loyalty/programme', {
      ...programme,
      tiers: [{ ...tiers[0], minPoints: 100 }],
    })
    expect(wrong.statusCode).toBe(400)
    expect((await send('PUT', '/loyalty/programme', programme)).statusCode).toBe(200)

    const created = await send('POST', '/customers', {
      keys: [{ kind: 'phone', value: '13700001111' }],
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    const bought = await send('POST', '/customer-transactions', {
      rows: [
        {
          id: 'pos-1',
          customerKind: 'phone',
          customerKey: '13700001111',
          at: t.clock.now,
          amount: 250.8,
        },
      ],
    })
    expect(bought.statusCode).toBe(200)
    t.clock.now += 60_000
    await t.jobs.runOnce()

    const account = (await get(`/loyalty/accounts/${id}`)).json()
    expect(account).toMatchObject({ balance: 250, earned: 250, tier: 'gold', entriesTotal: 250 })
    expect(account.entries).toEqual([
      expect.objectContaining({
        kind: 'purchase',
        points: 250,
        balanceAfter: 250,
        sourceKind: 'transaction',
      }),
    ])
    const over = await send('POST', `/loyalty/accounts/${id}/redeem`, { points: 300 })
    expect(over.statusCode).toBe(409)
    expect(over.json().error.code).toBe('LOYALTY_POINTS_INSUFFICIENT')
    const redeemed = await send('POST', `/loyalty/accounts/${id}/redeem`, {
      points: 100,
      requestId: 'pos-r1',
    })
    expect(redeemed.statusCode).toBe(200)
    expect(redeemed.json()).toMatchObject({ balance: 150, entriesTotal: 150, tier: 'gold' })
    expect((await get('/loyalty/accounts/no-such-customer')).statusCode).toBe(404)

    const members = (await get('/loyalty/members')).json()
    expect(members).toEqual({
      members: [
        {
          customerId: id,
          unitId: null,
          keys: [{ kind: 'phone', value: '13700001111' }],
          tier: 'gold',
          balance: 150,
          earned: 250,
          updatedAt: t.clock.now,
        },
      ],
      perTier: { gold: 1 },
      total: 1,
      more: false,
    })
    expect((await get('/loyalty/members?tier=member')).json().members).toEqual([])
    expect((await get('/loyalty/members?limit=0')).statusCode).toBe(400)

    const retention = (await get('/customers-retention')).json()
    expect(retention).toMatchObject({ customers: 1, repurchase: { customers: 1, repeat: 0 } })
    const model = (await get('/churn/model')).json()
    expect(model).toMatchObject({ reason: 'not_enough_history', customersScored: 0, model: null })
    expect((await get('/churn/risks')).json()).toEqual({ modelId: model.id, risks: [] })
  })
})
