import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { replaceChurnScores } from './churn.repository.js'

// A retention plan is made in one transaction with the scores it links (issue 20): the scores are
// claimed first, then the plan is made and linked. A double request for the same customers makes
// one plan (the other gets 409 CHURN_PLAN_ALREADY_OPEN), and a plan refused inside leaves neither
// a plan nor a link. Both stores. The scores are written here directly (made up, not a model's):
// what is tested is the plan and its links, not the risk.

describeEachDialect('opening a retention plan is atomic', (ctx) => {
  let t: TestApp
  let adminId = ''
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const open = (customerIds: string[], ownerId = adminId) =>
    call('POST', '/churn/plans', { customerIds, ownerId, dueAt: t.clock.now + 30 * 86_400_000 })
  /** The organisation's retention plans (made from the risk list). */
  const retentionPlans = async (): Promise<string[]> => {
    const res = await call('GET', '/plans')
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().plans as { id: string; evidence: { label?: string } }[])
      .filter((p) => p.evidence.label === 'churn_risk')
      .map((p) => p.id)
  }
  /** Each customer's linked plan, as the risk list shows it. */
  const linkOf = async (): Promise<Record<string, string | null>> => {
    const res = await call('GET', '/churn/risks?limit=1000')
    expect(res.statusCode, res.body).toBe(200)
    return Object.fromEntries(
      (res.json().risks as { customerId: string; actionPlanId: string | null }[]).map((r) => [
        r.customerId,
        r.actionPlanId,
      ]),
    )
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    adminId = (await call('GET', '/auth/me')).json().user.id
    await replaceChurnScores(
      ctx.store.db,
      t.orgId,
      ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((customerId, i) => ({
        org_id: t.orgId,
        customer_id: customerId,
        model_id: 'model-made-up',
        unit_id: null,
        risk: 0.9 - i * 0.05,
        features: JSON.stringify({ recency: 40 + i }),
        scored_at: t.clock.now,
      })),
    )
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('three requests at once for the same customers: one 201, two 409, one plan linked', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => open(['c1', 'c2'])))
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join(' ')).toEqual([
      201, 409, 409,
    ])
    for (const lost of answers.filter((r) => r.statusCode === 409))
      expect(lost.json().error.code).toBe('CHURN_PLAN_ALREADY_OPEN')
    const won = answers.find((r) => r.statusCode === 201)!.json()
    expect(won.customers).toBe(2)
    expect(await retentionPlans()).toEqual([won.planId])
    const links = await linkOf()
    expect([links.c1, links.c2, links.c3]).toEqual([won.planId, won.planId, null])
  })

  it('a request naming a customer in an open plan changes nothing; one abandoned may be followed', async () => {
    const [first] = await retentionPlans()
    const overlapping = await open(['c2', 'c3'])
    expect(overlapping.statusCode).toBe(409)
    expect(overlapping.json().error).toMatchObject({
      code: 'CHURN_PLAN_ALREADY_OPEN',
      customers: 1,
      details: [{ path: 'customerIds', reason: `c2 is in plan ${first}` }],
    })
    expect((await linkOf()).c3).toBeNull()
    expect(await retentionPlans()).toEqual([first])

    const abandoned = await call('POST', `/plans/${first}/transitions`, {
      status: 'abandoned',
      reason: '客户已联系不上',
    })
    expect(abandoned.statusCode, abandoned.body).toBe(200)
    const again = await open(['c2', 'c3'])
    expect(again.statusCode, again.body).toBe(201)
    const links = await linkOf()
    expect([links.c1, links.c2, links.c3]).toEqual([
      first,
      again.json().planId,
      again.json().planId,
    ])
  })

  it('a plan refused inside leaves neither the plan nor a link', async () => {
    const before = await retentionPlans()
    const bad = await open(['c4', 'c5'], 'nobody')
    expect(bad.statusCode).toBe(404)
    expect(bad.json().error.code).toBe('USER_NOT_FOUND')
    expect(await retentionPlans()).toEqual(before)
    const links = await linkOf()
    expect([links.c4, links.c5]).toEqual([null, null])
    const ok = await open(['c4', 'c5'])
    expect(ok.statusCode, ok.body).toBe(201)
    expect((await linkOf()).c4).toBe(ok.json().planId)
  })
})
