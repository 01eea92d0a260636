import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { setMembershipUnits } from '../../units/unit-membership.service.js'
import { createUnit } from '../../units/unit.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// The per-survey dashboard limited to a unit (?unit=) over HTTP on both stores: the unit picker
// lists only the reader's units and those below; the summary and the question analysis read only
// the unit's subtree; a unit outside the reader's units (or another organisation's) is
// UNIT_NOT_FOUND, never a wider view.
//   East ── Nanjing Rd: NPS 10, 9 · West Lake: NPS 3
//   North ── Wangfujing: NPS 0, 6
//   an answer with no unit: NPS 10

describeEachDialect('the survey dashboard limited to a unit', (ctx) => {
  let t: TestApp
  let surveyId = ''
  let eastLeadCookie = ''
  const ids = new Map<string, string>()
  const get = (url: string, cookie = t.adminCookie) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } })
  const summary = (query: string, cookie?: string) =>
    get(`/surveys/${surveyId}/summary?interval=day${query}`, cookie)

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now - 86_400_000,
    }
    for (const [code, nameZh, nameEn, parent] of [
      ['EAST', '华东', 'East', null],
      ['NJR', '南京路店', 'Nanjing Rd', 'EAST'],
      ['WLK', '西湖店', 'West Lake', 'EAST'],
      ['NORTH', '华北', 'North', null],
      ['WFJ', '王府井店', 'Wangfujing', 'NORTH'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh,
        nameEn,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '门店满意度' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      },
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
      payload: {},
    })
    const answers: Array<[string | null, number]> = [
      ['NJR', 10],
      ['NJR', 9],
      ['WLK', 3],
      ['WFJ', 0],
      ['WFJ', 6],
      [null, 10],
    ]
    for (const [i, [unit, nps]] of answers.entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: {
          answers: { nps },
          clientResponseId: `dashboard-unit-${i}`,
          ...(unit ? { segments: { unit } } : {}),
        },
      })
      expect(res.statusCode).toBe(201)
    }
    const email = 'east-lead@dashboard.local'
    const userId = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName: '华东主管', password: 'dashboard-password-1', role: 'supervisor' },
      t.clock.now,
    )
    await setMembershipUnits(scope, userId, { unitIds: [ids.get('EAST')!] })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'dashboard-password-1' },
    })
    eastLeadCookie = cookieHeader(login)
  })
  afterAll(async () => {
    await t?.app.close()
  })

  it('lists only the reader’s units and those below them', async () => {
    const codes = async (cookie?: string) => {
      const res = await get(`/surveys/${surveyId}/units`, cookie)
      expect(res.statusCode).toBe(200)
      return res.json().units.map((u: { code: string }) => u.code)
    }
    expect(await codes()).toEqual(['EAST', 'NJR', 'NORTH', 'WFJ', 'WLK'])
    expect(await codes(eastLeadCookie)).toEqual(['EAST', 'NJR', 'WLK'])
    const east = (await get(`/surveys/${surveyId}/units`, eastLeadCookie)).json().units[0]
    expect(east).toEqual({
      id: ids.get('EAST'),
      code: 'EAST',
      nameZh: '华东',
      nameEn: 'East',
      parentId: null,
      closed: false,
    })
  })

  it('reads the summary and question analysis of the unit’s subtree only', async () => {
    const all = await summary('')
    expect(all.json().totals.nps).toMatchObject({ n: 6, promoters: 3, detractors: 3 })
    const east = await summary(`&unit=${ids.get('EAST')}`)
    expect(east.statusCode).toBe(200)
    expect(east.json().totals.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
    const store = await summary(`&unit=${ids.get('NJR')}`)
    expect(store.json().totals.nps).toMatchObject({ n: 2, promoters: 2, detractors: 0, nps: 100 })
    const north = await summary(`&unit=${ids.get('NORTH')}`)
    expect(north.json().totals.nps).toMatchObject({ n: 2, promoters: 0, detractors: 2, nps: -100 })
    // The East lead sees East without asking, and one store when asking.
    expect((await summary('', eastLeadCookie)).json().totals.nps).toMatchObject({ n: 3 })
    expect(
      (await summary(`&unit=${ids.get('WLK')}`, eastLeadCookie)).json().totals.nps,
    ).toMatchObject({ n: 1, detractors: 1 })
    const analysis = await get(`/surveys/${surveyId}/analysis?unit=${ids.get('NJR')}`)
    expect(analysis.statusCode).toBe(200)
    expect(analysis.json().n).toBe(2)
  })

  it('refuses a unit outside the reader’s units or unknown: UNIT_NOT_FOUND, in both languages', async () => {
    const outside = await summary(`&unit=${ids.get('WFJ')}`, eastLeadCookie)
    expect(outside.statusCode).toBe(404)
    expect(outside.json().error).toMatchObject({
      code: 'UNIT_NOT_FOUND',
      details: [{ path: 'unit', reason: 'no such unit within your units' }],
    })
    const analysis = await get(
      `/surveys/${surveyId}/analysis?unit=${ids.get('NORTH')}`,
      eastLeadCookie,
    )
    expect(analysis.statusCode).toBe(404)
    expect(analysis.json().error.code).toBe('UNIT_NOT_FOUND')
    const unknown = await summary('&unit=no-such-unit')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('UNIT_NOT_FOUND')
  })
})
