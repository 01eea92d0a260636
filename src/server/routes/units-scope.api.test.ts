import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { setMembershipUnits } from '../../units/unit-membership.service.js'
import { createUnit } from '../../units/unit.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// Every units endpoint keeps a member limited to units to their own subtrees, on both stores:
// an administrator limited to the city C2 sees, lists, prints and changes nothing of the sibling
// branch C1 → K1 and learns none of its names (the listing, ?scope=visible, ?at=, per-unit links
// and QR sheets, the league, the roll-up, writes and imports); a supervisor limited to the
// province P sees everything below it. The league's path still names P above C2 (breadcrumbs).
//   P → C1 → K1 (one answer, NPS 10), P → C2 → K2 (one answer, NPS 0)

describeEachDialect('units endpoints for a member limited to units', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  const cookies = { sibling: '', parent: '' }
  const users = { sibling: '', parent: '' }
  let adminScope: Scope
  let surveyId = ''
  const id = (code: string) => ids.get(code)!
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) })
  const codes = async (url: string, cookie: string) =>
    ((await call('GET', url, cookie)).json().units as Array<{ code: string }>).map((u) => u.code)

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now - 86_400_000,
    }
    adminScope = scope
    for (const [code, parent] of [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['K1', 'C1'],
      ['K2', 'C2'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单位${code}`,
        parentId: parent ? id(parent) : null,
      })
      ids.set(code, unit.id)
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '营业厅满意度' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
      },
    })
    surveyId = created.json().id
    await call('POST', `/api/v1/surveys/${surveyId}/publish`, t.adminCookie, {})
    for (const [unit, nps] of [
      ['K1', 10],
      ['K2', 0],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${created.json().slug}/responses`,
        payload: { answers: { nps }, clientResponseId: `scope-${unit}`, segments: { unit } },
      })
      expect(res.statusCode).toBe(201)
    }
    for (const [who, role, unit] of [
      ['sibling', 'admin', 'C2'],
      ['parent', 'supervisor', 'P'],
    ] as const) {
      const email = `${who}-lead@units-scope.local`
      const userId = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: `${who} lead`, password: 'units-scope-password-1', role },
        t.clock.now,
      )
      await setMembershipUnits(scope, userId, { unitIds: [id(unit)] })
      users[who] = userId
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'units-scope-password-1' },
      })
      cookies[who] = cookieHeader(login)
    }
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('lists only the member’s own subtree, whichever listing and time', async () => {
    for (const query of ['', '?scope=visible', '?scope=all', `?at=${t.clock.now}`])
      expect(await codes(`/api/v1/units${query}`, cookies.sibling)).toEqual(['C2', 'K2'])
    const everything = ['C1', 'C2', 'K1', 'K2', 'P']
    expect(await codes('/api/v1/units', cookies.parent)).toEqual(everything)
    expect(await codes('/api/v1/units?scope=visible', cookies.parent)).toEqual(everything)
    expect(await codes('/api/v1/units', t.adminCookie)).toEqual(everything)
    // No name of the other branch (or of the province) anywhere in the answer.
    const body = (await call('GET', '/api/v1/units', cookies.sibling)).body
    for (const name of ['单位P', '单位C1', '单位K1']) expect(body).not.toContain(name)
  })

  it('gives per-unit links and QR sheets of the member’s own units only', async () => {
    const links = await call('GET', `/api/v1/surveys/${surveyId}/unit-links`, cookies.sibling)
    expect(links.statusCode).toBe(200)
    expect(
      links.json().links.map((l: { code: string; depth: number }) => [l.code, l.depth]),
    ).toEqual([
      ['C2', 0],
      ['K2', 1],
    ])
    for (const root of ['K1', 'C1', 'P']) {
      const refused = await call(
        'GET',
        `/api/v1/surveys/${surveyId}/unit-links?root=${id(root)}`,
        cookies.sibling,
      )
      expect(refused.statusCode).toBe(404)
      expect(refused.json().error.code).toBe('UNIT_NOT_FOUND')
    }
    const sheet = await call('GET', `/api/v1/surveys/${surveyId}/unit-qr-sheet`, cookies.sibling)
    expect(sheet.statusCode).toBe(200)
    expect(sheet.headers['x-page-count']).toBe('2')
    const all = await call('GET', `/api/v1/surveys/${surveyId}/unit-links`, t.adminCookie)
    expect(all.json().links).toHaveLength(5)
  })

  it('ranks below the member’s units or a unit above them, never beside them', async () => {
    const league = (parent: string, cookie: string) =>
      call('GET', `/api/v1/units/league?parentId=${id(parent)}&metric=nps`, cookie)
    for (const parent of ['C1', 'K1']) {
      const refused = await league(parent, cookies.sibling)
      expect(refused.statusCode).toBe(404)
      expect(refused.json().error.code).toBe('UNIT_NOT_FOUND')
    }
    const above = (await league('P', cookies.sibling)).json()
    expect(above.rows.map((r: { code: string }) => r.code)).toEqual(['C2'])
    expect(above.path.map((u: { nameZh: string }) => u.nameZh)).toEqual(['单位P'])
    // The province's figure over what the member may see: K2's one answer, NPS −100.
    expect(above.parentFigure).toEqual({ value: -100, n: 1 })
    const own = (await league('C2', cookies.sibling)).json()
    expect(own.rows.map((r: { code: string; n: number }) => [r.code, r.n])).toEqual([['K2', 1]])
    // At the top: the tops of their own subtrees, not the organisation's (none of theirs).
    const top = (cookie: string) =>
      call('GET', '/api/v1/units/league?metric=nps', cookie).then((r) =>
        r.json().rows.map((row: { code: string }) => row.code),
      )
    expect(await top(cookies.sibling)).toEqual(['C2'])
    expect(await top(cookies.parent)).toEqual(['P'])
    expect(await top(t.adminCookie)).toEqual(['P'])
    const whole = (await league('P', cookies.parent)).json()
    expect(whole.rows.map((r: { code: string }) => r.code).sort()).toEqual(['C1', 'C2'])
    expect(whole.parentFigure).toEqual({ value: 0, n: 2 })
  })

  it('keeps the roll-up and the store report of the other branch out of reach', async () => {
    const day = new Date(t.clock.now).toISOString().slice(0, 10)
    const rollup = (unit: string, cookie: string) =>
      call('GET', `/api/v1/units/${id(unit)}/rollup?from=${day}&to=${day}`, cookie)
    expect((await rollup('K1', cookies.sibling)).json().error.code).toBe('UNIT_NOT_FOUND')
    expect((await rollup('P', cookies.sibling)).json().error.code).toBe('UNIT_NOT_FOUND')
    expect((await rollup('K1', cookies.parent)).statusCode).toBe(200)
    const stores = await call('GET', '/api/v1/units/unmatched-stores', cookies.sibling)
    expect(stores.json()).toEqual({ values: [] })
    const match = await call('POST', '/api/v1/units/match-stores', cookies.sibling)
    expect(match.statusCode).toBe(403)
  })

  it('changes only the member’s own units, and never puts a unit outside them', async () => {
    const refusedAs = async (
      res: Awaited<ReturnType<typeof call>>,
      status: number,
      code: string,
    ) => {
      expect([res.statusCode, res.json().error.code]).toEqual([status, code])
    }
    const sib = cookies.sibling
    await refusedAs(
      await call('PATCH', `/api/v1/units/${id('K1')}`, sib, { nameZh: '改名' }),
      404,
      'UNIT_NOT_FOUND',
    )
    await refusedAs(
      await call('POST', `/api/v1/units/${id('K1')}/close`, sib),
      404,
      'UNIT_NOT_FOUND',
    )
    await refusedAs(
      await call('POST', `/api/v1/units/${id('K2')}/merge`, sib, { intoId: id('K1') }),
      404,
      'UNIT_NOT_FOUND',
    )
    await refusedAs(
      await call('POST', `/api/v1/units/${id('K2')}/move`, sib, { parentId: id('C1') }),
      400,
      'UNIT_PARENT_NOT_FOUND',
    )
    await refusedAs(
      await call('POST', `/api/v1/units/${id('K2')}/move`, sib, { parentId: null }),
      403,
      'FORBIDDEN',
    )
    await refusedAs(
      await call('POST', '/api/v1/units', sib, { code: 'X1', nameZh: '新所', parentId: id('P') }),
      400,
      'UNIT_PARENT_NOT_FOUND',
    )
    await refusedAs(
      await call('POST', '/api/v1/units', sib, { code: 'X2', nameZh: '新省' }),
      403,
      'FORBIDDEN',
    )
    const csv = Buffer.from('code,parent_code,name\r\nX3,C2,新所\r\n').toString('base64')
    await refusedAs(
      await call('POST', '/api/v1/units/import', sib, {
        file: { name: 'u.csv', contentBase64: csv },
      }),
      403,
      'FORBIDDEN',
    )
    // Nothing was written: the tree is as it was.
    expect(await codes('/api/v1/units', t.adminCookie)).toEqual(['C1', 'C2', 'K1', 'K2', 'P'])
    const k1 = (await call('GET', '/api/v1/units', t.adminCookie))
      .json()
      .units.find((u: { code: string }) => u.code === 'K1')
    expect(k1).toMatchObject({ nameZh: '单位K1', closedAt: null, parentId: id('C1') })

    // Within their own subtree they may.
    const made = await call('POST', '/api/v1/units', sib, {
      code: 'K3',
      nameZh: '新所',
      parentId: id('C2'),
    })
    expect(made.statusCode).toBe(201)
    const renamed = await call('PATCH', `/api/v1/units/${id('K2')}`, sib, { nameZh: '二所' })
    expect(renamed.json()).toMatchObject({ code: 'K2', nameZh: '二所' })
    expect(await codes('/api/v1/units', sib)).toEqual(['C2', 'K2', 'K3'])
  })

  it('limits memberships only within the member’s units, never widening anyone’s', async () => {
    const put = (userId: string, unitIds: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/users/${userId}/units`,
        headers: { cookie: cookies.sibling },
        payload: { unitIds },
      })
    const codeOf = async (res: Awaited<ReturnType<typeof put>>) => [
      res.statusCode,
      res.json().error?.code ?? null,
    ]
    // Themselves to the whole organisation; the province's supervisor into their branch.
    expect(await codeOf(await put(users.sibling, []))).toEqual([403, 'FORBIDDEN'])
    expect(await codeOf(await put(users.parent, [id('K2')]))).toEqual([403, 'FORBIDDEN'])
    // A member of the whole organisation cannot be taken into their branch either.
    const wide = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'wide@units-scope.local',
        displayName: '全公司',
        password: 'units-scope-password-1',
        role: 'viewer',
      },
      t.clock.now,
    )
    expect(await codeOf(await put(wide, [id('K2')]))).toEqual([403, 'FORBIDDEN'])
    // A member of their own county: within C2, yes; to the sibling's county, no such unit.
    const own = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'own@units-scope.local',
        displayName: '二所',
        password: 'units-scope-password-1',
        role: 'viewer',
      },
      t.clock.now,
    )
    await setMembershipUnits(adminScope, own, { unitIds: [id('K2')] })
    expect(await codeOf(await put(own, [id('K1')]))).toEqual([404, 'UNIT_NOT_FOUND'])
    expect(await codeOf(await put(own, [id('K2'), id('P')]))).toEqual([404, 'UNIT_NOT_FOUND'])
    const widened = await put(own, [id('C2')])
    expect(widened.json()).toEqual({ membershipId: own, unitIds: [id('C2')], elsewhere: false })
    // Nothing else changed.
    const unitsOf = async (userId: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/users/${userId}/units`,
          headers: { cookie: t.adminCookie },
        })
      ).json().unitIds
    expect(await unitsOf(users.sibling)).toEqual([id('C2')])
    expect(await unitsOf(users.parent)).toEqual([id('P')])
    expect(await unitsOf(wide)).toEqual([])
  })

  it('shows a limited administrator only the units of memberships within theirs, and keeps the rest', async () => {
    const make = async (email: string, role: 'admin' | 'viewer', unitIds: string[]) => {
      const userId = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: email, password: 'units-scope-password-1', role },
        t.clock.now,
      )
      await setMembershipUnits(adminScope, userId, { unitIds })
      return userId
    }
    const attempt = Date.now().toString(36)
    // A member of both branches (K1 of C1 and K2 of C2), and an administrator of the province.
    const both = await make(`both-${attempt}@units-scope.local`, 'viewer', [id('K1'), id('K2')])
    const provinceEmail = `province-${attempt}@units-scope.local`
    await make(provinceEmail, 'admin', [id('P')])
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: provinceEmail, password: 'units-scope-password-1' },
    })
    const province = cookieHeader(login)
    const get = (url: string, cookie: string) => call('GET', url, cookie)
    const put = (userId: string, unitIds: string[]) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/users/${userId}/units`,
        headers: { cookie: cookies.sibling },
        payload: { unitIds },
      })
    const byAdmin = async (userId: string) =>
      (await get(`/api/v1/users/${userId}/units`, t.adminCookie)).json().unitIds

    // The sibling (C2) sees K2 of the member of both branches, and nothing of the other branch:
    // neither K1 nor P (the supervisor's unit) appears anywhere in either answer.
    const seen = await get('/api/v1/memberships/units', cookies.sibling)
    expect(seen.statusCode).toBe(200)
    expect(seen.json().memberships[both]).toEqual([id('K2')])
    expect(seen.json().memberships[users.sibling]).toEqual([id('C2')])
    expect(seen.json().memberships[users.parent]).toBeUndefined()
    expect(seen.json().elsewhere).toEqual(expect.arrayContaining([both, users.parent]))
    expect(seen.json().elsewhere).not.toContain(users.sibling)
    const one = await get(`/api/v1/users/${both}/units`, cookies.sibling)
    expect(one.json()).toEqual({ membershipId: both, unitIds: [id('K2')], elsewhere: true })
    const supervisor = await get(`/api/v1/users/${users.parent}/units`, cookies.sibling)
    expect(supervisor.json()).toEqual({ membershipId: users.parent, unitIds: [], elsewhere: true })
    for (const body of [seen.body, one.body, supervisor.body])
      for (const other of ['P', 'C1', 'K1']) expect(body).not.toContain(id(other))

    // The province's administrator sees every unit below P, nothing hidden.
    const all = await get('/api/v1/memberships/units', province)
    expect(all.json().memberships[both]).toEqual([id('K1'), id('K2')].sort())
    expect(all.json().memberships[users.parent]).toEqual([id('P')])
    expect(all.json().elsewhere).toEqual([])
    expect((await get(`/api/v1/users/${both}/units`, province)).json()).toEqual({
      membershipId: both,
      unitIds: [id('K1'), id('K2')].sort(),
      elsewhere: false,
    })

    // The sibling's change replaces only the part within C2: K1 stays.
    const moved = await put(both, [id('C2')])
    expect(moved.statusCode).toBe(200)
    expect(moved.json()).toEqual({ membershipId: both, unitIds: [id('C2')], elsewhere: true })
    expect(await byAdmin(both)).toEqual([id('C2'), id('K1')].sort())
    // Taking C2 away leaves K1 (never the whole organisation) ...
    const dropped = await put(both, [])
    expect(dropped.json()).toEqual({ membershipId: both, unitIds: [], elsewhere: true })
    expect(await byAdmin(both)).toEqual([id('K1')])
    // ... after which the member is wholly of the other branch: not the sibling's to take in.
    const taken = await put(both, [id('K2')])
    expect([taken.statusCode, taken.json().error.code]).toEqual([403, 'FORBIDDEN'])
    expect(await byAdmin(both)).toEqual([id('K1')])
  })
})
