import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { setMembershipUnits } from '../../units/unit-membership.service.js'
import { createUnit } from '../../units/unit.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// A single answer leads to its customer's page (the dashboard's latest comments link each answer
// to /customers?answer=<id>, which asks /customers/of/answer/:id), on both stores:
//   East: an answer through a link carrying the account 8800123 (NPS 4, commented) → a customer
//   East: an answer with no account (NPS 9, commented) → no customer
// East's supervisor reaches the customer and the page view is audited; North's supervisor is told
// no customer is linked (the customer is outside their units), never shown it; an analyst, who
// reads answers but not customers, is refused; the unlinked answer is CUSTOMER_NOT_FOUND.

describeEachDialect('the customer of a single answer', (ctx) => {
  let t: TestApp
  let surveyId = ''
  const ids = new Map<string, string>()
  const cookies = new Map<string, string>()
  const get = (url: string, cookie = t.adminCookie) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now - 86_400_000,
    }
    for (const [code, nameZh, nameEn] of [
      ['EAST', '华东', 'East'],
      ['NORTH', '华北', 'North'],
    ] as const) {
      ids.set(code, (await createUnit(scope, { code, nameZh, nameEn, parentId: null })).id)
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '供电服务满意度' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
          { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
        ],
        settings: { hiddenFields: ['account'] },
      },
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
      payload: {},
    })
    expect(published.statusCode).toBe(200)
    for (const [nps, comment, segments] of [
      [4, '抄表错误，电费多收', { unit: 'EAST', account: '8800 123' }],
      [9, '服务很好', { unit: 'EAST' }],
    ] as const) {
      t.clock.now += 60_000
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: { answers: { nps, comment }, segments },
      })
      expect(answered.statusCode, answered.body).toBe(201)
    }
    t.clock.now += 60_000
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    for (const [name, role, unit] of [
      ['east', 'supervisor', 'EAST'],
      ['north', 'supervisor', 'NORTH'],
      ['analyst', 'analyst', null],
    ] as const) {
      const email = `${name}@customer-of-answer.test`
      const userId = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: name, password: 'customer-answer-password-1', role },
        t.clock.now,
      )
      if (unit) await setMembershipUnits(scope, userId, { unitIds: [ids.get(unit)!] })
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'customer-answer-password-1' },
      })
      expect(login.statusCode).toBe(200)
      cookies.set(name, cookieHeader(login))
    }
  })
  afterAll(async () => {
    await t?.app.close()
  })

  /** The answers as the dashboard's latest comments show them (newest first), with their ids. */
  const comments = async () => {
    const summary = await get(`/surveys/${surveyId}/summary?interval=day`)
    expect(summary.statusCode).toBe(200)
    return summary.json().latestComments as Array<{ id: string; text: string; nps: number }>
  }

  it("leads from a linked answer to its customer's page within the reader's units, audited", async () => {
    const [unlinked, linked] = await comments()
    expect([linked?.text, linked?.nps, unlinked?.text, unlinked?.nps]).toEqual([
      '抄表错误，电费多收',
      4,
      '服务很好',
      9,
    ])
    const customerId = (await get('/customers?q=8800123&kind=account')).json().customers[0]
      .id as string
    const east = cookies.get('east')!
    const found = await get(`/customers/of/answer/${linked!.id}`, east)
    expect(found.statusCode, found.body).toBe(200)
    expect(found.json()).toEqual({ customerId })

    const viewsBefore = await ctx.store.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'customer.view')
      .execute()
    const page = await get(`/customers/${customerId}`, east)
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json().customer.unitId).toBe(ids.get('EAST'))
    expect(page.json().timeline.filter((e: { kind: string }) => e.kind === 'answer')).toHaveLength(
      1,
    )
    const views = await ctx.store.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'customer.view')
      .execute()
    expect(views.length - viewsBefore.length).toBe(1)
    expect(views.filter((v) => v.entity_id === customerId)).toHaveLength(
      viewsBefore.filter((v) => v.entity_id === customerId).length + 1,
    )
  })

  it("tells another unit's reader and an unlinked answer that no customer is linked", async () => {
    const [unlinked, linked] = await comments()
    const north = await get(`/customers/of/answer/${linked!.id}`, cookies.get('north')!)
    expect(north.statusCode).toBe(404)
    expect(north.json().error.code).toBe('CUSTOMER_NOT_FOUND')
    expect(north.body).not.toContain('8800123')

    const analyst = await get(`/customers/of/answer/${linked!.id}`, cookies.get('analyst')!)
    expect(analyst.statusCode).toBe(403)
    expect(analyst.json().error.code).toBe('FORBIDDEN')
    expect(analyst.body).toContain('customers:read')

    const none = await get(`/customers/of/answer/${unlinked!.id}`)
    expect(none.statusCode).toBe(404)
    expect(none.json().error).toMatchObject({
      code: 'CUSTOMER_NOT_FOUND',
      message: 'No customer is linked to this answer.',
    })
  })
})
