import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'

// A unit's dashboard (GET /api/v1/overview?unit=…, the drill-down from a league table): the
// home overview over that unit and everything below it, with its path from the top of the tree
// for breadcrumbs; never wider than the reader's own units. Tree: P → A, B; A → A1.
// Answers: A 3 promoters, A1 1 detractor, B 2 detractors. On both stores.

describeEachDialect('overview of one unit’s subtree', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  let limitedCookie = ''
  const overview = (query: string, cookie = t.adminCookie) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/overview?from=2026-06-01&to=2026-06-30${query}`,
      headers: { cookie },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'overview-units-admin', role: 'admin' },
      now: t.clock.now,
    }
    for (const [code, parent] of [
      ['P', null],
      ['A', 'P'],
      ['B', 'P'],
      ['A1', 'A'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单元${code}`,
        nameEn: `Unit ${code}`,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { ...SAMPLE_SURVEY, settings: { hiddenFields: ['unit'] } },
    })
    const surveyId = created.json().id
    const slug = (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/publish`,
        headers: { cookie: t.adminCookie },
      })
    ).json().slug
    let k = 0
    for (const [unit, nps, count] of [
      ['A', 10, 3],
      ['A1', 0, 1],
      ['B', 2, 2],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: { answers: { nps }, segments: { unit }, clientResponseId: `ov-unit-${k++}` },
        })
        expect(res.statusCode).toBe(201)
      }
    }
    const email = 'b-manager@overview-units.test'
    const member = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName: '乙', password: 'overview-units-password-1', role: 'supervisor' },
      t.clock.now,
    )
    await setMembershipUnits(scope, member, { unitIds: [ids.get('B')!] })
    limitedCookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'overview-units-password-1' },
      }),
    )
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('limits the overview to the unit and the units below it, with its path for breadcrumbs', async () => {
    const all = (await overview('')).json()
    expect([all.totals.responses, all.unitPath]).toEqual([6, []])

    const a = await overview(`&unit=${ids.get('A')}`)
    expect(a.statusCode).toBe(200)
    const body = a.json()
    expect(body.totals.responses).toBe(4)
    // 3 promoters and 1 detractor of 4: NPS 50.
    expect(body.totals.nps).toMatchObject({ n: 4, nps: 50 })
    expect(body.unitPath.map((u: { code: string }) => u.code)).toEqual(['P', 'A'])
    expect(body.unitPath[1]).toEqual({
      id: ids.get('A'),
      code: 'A',
      nameZh: '单元A',
      nameEn: 'Unit A',
    })
    expect((await overview(`&unit=${ids.get('A1')}`)).json().totals.responses).toBe(1)
    expect((await overview(`&unit=${ids.get('P')}`)).json().totals.responses).toBe(6)
  })

  it('never widens a limited reader’s view: a unit outside their units is UNIT_NOT_FOUND', async () => {
    const own = (await overview('', limitedCookie)).json()
    expect(own.totals.responses).toBe(2)
    const b = (await overview(`&unit=${ids.get('B')}`, limitedCookie)).json()
    expect([b.totals.responses, b.totals.nps.nps]).toEqual([2, -100])
    for (const unit of ['A', 'P']) {
      const refused = await overview(`&unit=${ids.get(unit)}`, limitedCookie)
      expect(refused.statusCode).toBe(404)
      expect(refused.json().error.code).toBe('UNIT_NOT_FOUND')
    }
    const unknown = await overview('&unit=unit_nope')
    expect(unknown.statusCode).toBe(404)
  })
})
