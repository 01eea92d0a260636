import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

// The customer side over HTTP on both stores: a customer answers two surveys through links
// carrying their account number (户号), then complains by phone quoting the account; purchases
// arrive by API. The detractor answer (NPS 4) opens a case of its own, as the case rules say. Search by the phone typed any way finds them, the case leads to their page, and
// the page shows both answers, the complaint with its sentiment, the case and the purchases.

describeEachDialect('customer page over HTTP', (ctx) => {
  let t: TestApp
  let slug = ''
  const as = (cookie: string) => ({ cookie })
  const get = (url: string, cookie = t.adminCookie) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: as(cookie) })
  const post = (url: string, payload: object, cookie = t.adminCookie) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: as(cookie), payload })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const survey = (
      await post('/surveys', {
        title: { 'zh-CN': '供电服务满意度' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
          { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
        ],
        settings: { hiddenFields: ['account'] },
      })
    ).json()
    slug = survey.slug
    expect((await post(`/surveys/${survey.id}/publish`, {})).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('matches answers, a complaint and purchases to one customer and shows their page', async () => {
    for (const nps of [9, 4]) {
      t.clock.now += 60_000
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps }, segments: { account: '8800 123' } },
      })
      expect(answered.statusCode).toBe(201)
    }
    t.clock.now += 60_000
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    t.clock.now += 60_000
    const complaint = await post('/feedback', {
      text: '投诉：抄表错误，电费多收了两百元，非常不满意',
      customer: { ref: '8800123', phone: '+86 138-0013-8000' },
    })
    expect(complaint.statusCode).toBe(201)
    const caseId = complaint.json().caseId as string
    expect(caseId).toBeTruthy()

    const bought = await post('/customer-transactions', {
      rows: [
        {
          id: 'bill-1',
          customerKind: 'phone',
          customerKey: '13800138000',
          at: '2026-01-05',
          amount: 320,
        },
        {
          id: 'bill-2',
          customerKind: 'account',
          customerKey: '8800123',
          at: '2026-02-05',
          amount: -200,
          type: 'bill',
        },
      ],
      unknownCustomers: 'refuse',
    })
    expect(bought.statusCode).toBe(200)
    expect(bought.json()).toMatchObject({
      imported: 2,
      refunds: 1,
      createdCustomers: 0,
      invalid: 0,
    })
    const again = await post('/customer-transactions', {
      rows: [
        {
          id: 'bill-1',
          customerKind: 'phone',
          customerKey: '13800138000',
          at: '2026-01-05',
          amount: 320,
        },
      ],
    })
    expect(again.json()).toMatchObject({ imported: 0, duplicates: 1 })

    const found = await get(`/customers?q=${encodeURIComponent('138 0013 8000')}`)
    expect(found.statusCode).toBe(200)
    expect(found.json().customers).toHaveLength(1)
    const customerId = found.json().customers[0].id as string
    expect((await get(`/customers/of/case/${caseId}`)).json()).toEqual({ customerId })
    expect((await get(`/customers?q=8800123&kind=account`)).json().customers[0].id).toBe(customerId)

    const page = await get(`/customers/${customerId}`)
    expect(page.statusCode).toBe(200)
    const body = page.json()
    expect(body.timeline.map((e: { kind: string }) => e.kind).sort()).toEqual([
      'answer',
      'answer',
      'case',
      'case',
      'feedback',
      'feedback',
      'transaction',
      'transaction',
    ])
    expect(body.summary).toMatchObject({
      satisfaction: { nps: 4, csat: null },
      openCases: 2,
      answers: 2,
      transactions: 2,
      spend: 120,
      refunds: 1,
    })
    expect(
      body.timeline.find(
        (e: { kind: string; facts: { channel?: string } }) =>
          e.kind === 'feedback' && e.facts.channel !== 'survey',
      ).facts.sentiment,
    ).toBe('negative')
    expect(body.timeline.find((e: { kind: string }) => e.kind === 'case').facts.status).toBe('new')
    // Each answer is named by its survey's title, read from the surveys domain.
    expect(
      body.timeline
        .filter((e: { kind: string }) => e.kind === 'answer')
        .map((e: { facts: { surveyTitle?: object } }) => e.facts.surveyTitle),
    ).toEqual([{ 'zh-CN': '供电服务满意度' }, { 'zh-CN': '供电服务满意度' }])
    // Points compensation is counted as points, money kinds in cents: never added together.
    for (const grant of [
      { kind: 'voucher', amount: 5000 },
      { kind: 'points', amount: 50 },
    ])
      expect((await post(`/cases/${caseId}/compensations`, grant)).statusCode).toBe(201)
    const granted = (await get(`/customers/${customerId}`)).json()
    expect(
      granted.timeline.find(
        (e: { kind: string; id: string }) => e.kind === 'case' && e.id === caseId,
      ).facts,
    ).toMatchObject({ compensation: 5000, compensationPoints: 50 })
    expect(body.customer.keys.map((k: { kind: string }) => k.kind).sort()).toEqual([
      'account',
      'phone',
    ])

    // Bad input: a phone that is none, a merge with itself; another organisation sees nothing.
    const bad = await post(`/customers/${customerId}/keys`, { kind: 'phone', value: 'no phone' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('CUSTOMER_KEY_INVALID')
    const self = await post(`/customers/${customerId}/merge`, { sourceId: customerId })
    expect(self.statusCode).toBe(409)
    expect(self.json().error.code).toBe('CUSTOMER_MERGE_INVALID')
    const eve = await otherOrganisationAdmin(t, ctx.store)
    expect((await get(`/customers/${customerId}`, eve.cookie)).statusCode).toBe(404)
    expect((await get('/customers?q=13800138000', eve.cookie)).json().customers).toEqual([])
    const across = await post(
      `/customers/${customerId}/merge`,
      { sourceId: customerId },
      eve.cookie,
    )
    expect(across.json().error.code).toBe('CUSTOMER_MERGE_ACROSS_ORGANISATIONS')
  })

  it("opens a customer's record only with customers:read, and audits every view", async () => {
    const customerId = (await get('/customers?q=13800138000')).json().customers[0].id as string
    const login = async (role: string) => {
      const email = `${role}@customer-read.test`
      await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: role, password: 'customer-read-password-1', role },
        t.clock.now,
      )
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'customer-read-password-1' },
      })
      expect(r.statusCode).toBe(200)
      return cookieHeader(r)
    }
    // Analysts and viewers read cases and answers, but not a customer's record.
    for (const role of ['analyst', 'viewer']) {
      const cookie = await login(role)
      expect((await get('/cases', cookie)).statusCode).toBe(200)
      for (const url of [
        `/customers/${customerId}`,
        '/customers?q=13800138000',
        `/customers/of/case/${encodeURIComponent('any')}`,
      ]) {
        const refused = await get(url, cookie)
        expect(refused.statusCode, `${role} ${url}`).toBe(403)
        expect(refused.json().error.code).toBe('FORBIDDEN')
        expect(refused.body).toContain('customers:read')
      }
    }
    const viewsBefore = await ctx.store.db
      .selectFrom('audit_log')
      .select(['actor_id', 'entity_id'])
      .where('action', '=', 'customer.view')
      .execute()
    // The agent who works the case opens the page; the view is audited with the agent's id.
    const agent = await login('agent')
    const page = await get(`/customers/${customerId}`, agent)
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json().customer.id).toBe(customerId)
    const agentId = (await get('/auth/me', agent)).json().user.id as string
    const views = await ctx.store.db
      .selectFrom('audit_log')
      .select(['actor_id', 'entity_id'])
      .where('action', '=', 'customer.view')
      .execute()
    expect(views.length - viewsBefore.length).toBe(1)
    expect(views.filter((v) => v.actor_id === agentId)).toEqual([
      { actor_id: agentId, entity_id: customerId },
    ])
  })
})
