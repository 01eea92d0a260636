import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { isCustomerDataPermission, type Permission } from '../../auth/roles.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { setMembershipUnits } from '../../units/unit-membership.service.js'
import { createUnit } from '../../units/unit.service.js'
import { type DeclaredRoute, declaredRoutes } from '../plugins/route-permission.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

// Access by unit on every route that returns customer records, generated like the role matrix:
// the GET routes come from the app with the permission each declares, and three members with
// the same (administrator's) role call each of them — one without a unit limit, one limited to
// the parent unit P, one limited to the sibling unit B. Unit A's answer, feedback and case (all
// carrying the marker 甲厅MARKERA in their text) reach the parent wherever they reach the
// unlimited member, and never reach the sibling, neither by text nor by id. The limit is the
// scope's (Scope.units), filled once at sign-in / token resolution.

const PASSWORD = 'unit-access-password-1'
const MARK_A = '甲厅MARKERA'
const MARK_B = '乙厅MARKERB'

function isPermission(access: DeclaredRoute['access']): access is Permission {
  return (
    access !== undefined && access !== 'public' && access !== 'signed-in' && access !== 'operator'
  )
}

describeEachDialect('access by unit holds on every route that returns records', (ctx) => {
  let t: TestApp
  const cookies = {} as Record<'parent' | 'sibling', string>
  let surveyId = ''
  const idsOfA: string[] = []
  const idsOfB: string[] = []

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const admin: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'unit-access-admin', role: 'admin' },
      now: t.clock.now,
    }
    const p = await createUnit(admin, { code: 'P', nameZh: '市公司', type: 'city' })
    await createUnit(admin, { code: 'A', nameZh: '甲营业厅', parentId: p.id })
    const b = await createUnit(admin, { code: 'B', nameZh: '乙营业厅', parentId: p.id })
    for (const [who, unit] of [
      ['parent', p],
      ['sibling', b],
    ] as const) {
      const email = `${who}@units.test`
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: who, password: PASSWORD, role: 'admin' },
        t.clock.now,
      )
      await setMembershipUnits(admin, id, { unitIds: [unit.id] })
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      })
      expect(login.statusCode).toBe(200)
      cookies[who] = cookieHeader(login)
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['unit', 'store'] } },
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
    const slug = published.json().slug
    // A per-unit link's answer (unit=A) and a store field matched to unit B by its code.
    for (const [segments, comment, ids] of [
      [{ unit: 'A' }, `${MARK_A} 排队一个小时没人管`, idsOfA],
      [{ store: 'B' }, `${MARK_B} 柜台没人`, idsOfB],
    ] as const) {
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 1, csat: 1, ces: 7, comment }, segments },
      })
      expect(answered.statusCode).toBe(201)
      ids.push(answered.json().id)
    }
    await t.jobs.runOnce()
    await t.jobs.runOnce()
    const cases = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/cases',
        headers: { cookie: t.adminCookie },
      })
    ).json().cases as Array<{ id: string }>
    expect(cases).toHaveLength(2)
    for (const { id } of cases) {
      const detail = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases/${id}`,
          headers: { cookie: t.adminCookie },
        })
      ).json() as { feedbackId: string; feedback: { text: string } }
      const ids = detail.feedback.text.includes(MARK_A) ? idsOfA : idsOfB
      ids.push(id, detail.feedbackId)
    }
    expect(idsOfA).toHaveLength(3)
    expect(idsOfB).toHaveLength(3)
  })
  afterAll(async () => {
    await t.app.close()
  })

  /** Where a route's :id points: unit A's record of the route's kind (or the survey). */
  function urlOf(route: DeclaredRoute): string {
    const [, caseA, feedbackA] = idsOfA
    const url = route.url.startsWith('/api/v1/cases/:id')
      ? route.url.replace(':id', caseA!)
      : route.url.startsWith('/api/v1/feedback/:id')
        ? route.url.replace(':id', feedbackA!)
        : route.url.startsWith('/api/v1/surveys/:id')
          ? route.url.replace(':id', surveyId)
          : route.url
    // Exports as CSV (text to search), windows around the answers, the segment field `unit`.
    const query = /text\/insights|case-analytics|\/feedback$/.test(route.url)
      ? '?from=2026-05-01&to=2026-06-30'
      : /export$/.test(route.url)
        ? '?format=csv'
        : /segment-comparison$/.test(route.url)
          ? '?field=unit'
          : ''
    return url.replace(/:[A-Za-z]+/g, 'none').replace('*', 'none') + query
  }

  it('a member of the parent sees all below it; a member of a sibling unit sees none of it', async () => {
    const routes = declaredRoutes(t.app).filter(
      (r) =>
        r.method === 'GET' &&
        r.url.startsWith('/api/v1/') &&
        isPermission(r.access) &&
        isCustomerDataPermission(r.access),
    )
    expect(routes.length).toBeGreaterThan(20)
    const leaks: string[] = []
    const hidden: string[] = []
    const showingA = new Set<string>()
    for (const route of routes) {
      const url = urlOf(route)
      const call = (cookie: string) =>
        t.app.inject({ method: 'GET', url, headers: { cookie } }).then((r) => r.body)
      const [everything, parent, sibling] = await Promise.all([
        call(t.adminCookie),
        call(cookies.parent),
        call(cookies.sibling),
      ])
      // A refusal names the id it was asked for; any other id or the text of unit A is a leak.
      for (const secret of [MARK_A, ...idsOfA.filter((id) => !url.includes(id))]) {
        if (sibling.includes(secret)) leaks.push(`${route.url}: ${secret}`)
        if (everything.includes(secret)) {
          showingA.add(route.url)
          if (!parent.includes(secret)) hidden.push(`${route.url}: ${secret}`)
        }
      }
    }
    expect(leaks).toEqual([])
    expect(hidden).toEqual([])
    // The routes that show unit A's records at all (by text or id): the case list and export, a
    // case and its context, the feedback list and a record, the dashboard, the answer export …
    expect([...showingA]).toEqual(
      expect.arrayContaining([
        '/api/v1/cases',
        '/api/v1/cases/export',
        '/api/v1/cases/:id',
        '/api/v1/cases/:id/context',
        '/api/v1/feedback',
        '/api/v1/feedback/:id',
        '/api/v1/surveys/:id/summary',
        '/api/v1/surveys/:id/responses/export',
      ]),
    )
  })

  it("the sibling finds unit A's case and feedback not found, and sees its own unit's", async () => {
    const [, caseA, feedbackA] = idsOfA
    const [, caseB] = idsOfB
    const get = (url: string, cookie: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie } })
    expect((await get(`/api/v1/cases/${caseA}`, cookies.sibling)).json().error.code).toBe(
      'CASE_NOT_FOUND',
    )
    expect((await get(`/api/v1/feedback/${feedbackA}`, cookies.sibling)).statusCode).toBe(404)
    expect((await get(`/api/v1/cases/${caseB}`, cookies.sibling)).statusCode).toBe(200)
    const list = (await get('/api/v1/cases', cookies.sibling)).json()
    expect(list.cases.map((c: { id: string }) => c.id)).toEqual([caseB])
    expect(list.total).toBe(1)
    expect((await get('/api/v1/cases', cookies.parent)).json().total).toBe(2)
    const summary = (await get(`/api/v1/surveys/${surveyId}/summary`, cookies.sibling)).json()
    expect(summary.totals.responses).toBe(1)
    expect(summary.latestComments.map((c: { text: string }) => c.text)).toEqual([
      `${MARK_B} 柜台没人`,
    ])
    // Changing a case of another unit is refused the same way as reading it.
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseA}/transitions`,
      headers: { cookie: cookies.sibling },
      payload: { status: 'acknowledged' },
    })
    expect(moved.statusCode).toBe(404)
  })

  it('a case moved by hand to the sibling unit reaches the sibling, and an unknown unit is refused', async () => {
    const [, caseA] = idsOfA
    const unitB = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/units',
        headers: { cookie: t.adminCookie },
      })
    )
      .json()
      .units.find((u: { code: string }) => u.code === 'B').id as string
    const recovery = (cookie: string, unitId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseA}/recovery`,
        headers: { cookie },
        payload: { unitId },
      })
    expect((await recovery(cookies.parent, 'unit_none')).json().error.code).toBe('UNIT_NOT_FOUND')
    expect((await recovery(cookies.parent, unitB)).statusCode).toBe(200)
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${caseA}`,
      headers: { cookie: cookies.sibling },
    })
    expect(seen.statusCode).toBe(200)
  })
})
