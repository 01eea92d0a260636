import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { createCustomRole, grantCustomRole } from '../auth/custom-role.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { setMembershipUnits } from '../units/unit-membership.service.js'
import { createUnit } from '../units/unit.service.js'

// targets:write lets supervisors set, cascade and delete the targets of their units and those
// below, never above or beside them (UNIT_NOT_FOUND / TARGET_NOT_FOUND, as if absent); roles
// without it (an analyst) are refused, and a custom role holding it may. Tree: P → C1 (K11, K12),
// C2 (K21). On both stores.

const PASSWORD = 'targets-write-password-1'

describeEachDialect('targets:write: supervisors set targets within their subtree', (ctx) => {
  let t: TestApp
  const ids = new Map<string, string>()
  const cookies = new Map<string, string>()
  const post = (url: string, payload: object, who: string) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: cookies.get(who)! }, payload })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    cookies.set('admin', t.adminCookie)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'targets-admin', role: 'admin' },
      now: t.clock.now,
    }
    for (const [code, parent] of [
      ['P', null],
      ['C1', 'P'],
      ['C2', 'P'],
      ['K11', 'C1'],
      ['K12', 'C1'],
      ['K21', 'C2'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `单元${code}`,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    const security: Scope = {
      ...scope,
      actor: { type: 'user', id: 'targets-security', role: 'security_admin' },
    }
    const role = await createCustomRole(security, {
      name: '目标专员',
      permissions: ['responses:read', 'units:read', 'targets:write'],
    })
    for (const [who, builtIn, unit] of [
      ['supervisor', 'supervisor', 'C1'],
      ['analyst', 'analyst', 'C1'],
      ['custom', 'employee', 'C2'],
    ] as const) {
      const email = `${who}@targets.test`
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: who, password: PASSWORD, role: builtIn },
        t.clock.now,
      )
      await setMembershipUnits(scope, id, { unitIds: [ids.get(unit)!] })
      if (who === 'custom') await grantCustomRole(security, id, role.id)
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      })
      expect(login.statusCode).toBe(200)
      cookies.set(who, cookieHeader(login))
    }
  })
  afterAll(async () => {
    await t.app.close()
  })

  const target = (unit: string, value = 40) => ({
    unitId: ids.get(unit)!,
    metric: 'nps',
    period: '2026-Q3',
    value,
  })

  it('a supervisor of C1 sets and cascades C1’s target to its counties, and nothing above or beside', async () => {
    const set = await post('/api/v1/targets', target('C1', 42), 'supervisor')
    expect(set.statusCode).toBe(201)
    expect(set.json()).toMatchObject({ unitId: ids.get('C1'), value: 42, origin: 'manual' })
    const cascaded = await post(
      `/api/v1/targets/${set.json().id}/cascade`,
      { mode: 'same' },
      'supervisor',
    )
    expect(cascaded.statusCode).toBe(200)
    expect(
      (cascaded.json().targets as Array<{ unitId: string; value: number }>)
        .map((x) => [x.unitId, x.value])
        .sort(),
    ).toEqual(
      [
        [ids.get('C1'), 42],
        [ids.get('K11'), 42],
        [ids.get('K12'), 42],
      ].sort(),
    )
    for (const unit of ['P', 'C2', 'K21']) {
      const refused = await post('/api/v1/targets', target(unit), 'supervisor')
      expect(refused.statusCode).toBe(404)
      expect(refused.json().error.code).toBe('UNIT_NOT_FOUND')
    }
    // The province's target, set by the administrator, is not the supervisor's to cascade or delete.
    const province = (await post('/api/v1/targets', target('P', 45), 'admin')).json()
    const cascadeAbove = await post(`/api/v1/targets/${province.id}/cascade`, {}, 'supervisor')
    expect(cascadeAbove.statusCode).toBe(404)
    expect(cascadeAbove.json().error.code).toBe('TARGET_NOT_FOUND')
    const deleteAbove = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/targets/${province.id}`,
      headers: { cookie: cookies.get('supervisor')! },
    })
    expect(deleteAbove.statusCode).toBe(404)
    const deleteOwn = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/targets/${set.json().id}`,
      headers: { cookie: cookies.get('supervisor')! },
    })
    expect(deleteOwn.statusCode).toBe(204)
  })

  it('refuses an analyst (no targets:write) and lets a custom role holding it set its unit’s target', async () => {
    const analyst = await post('/api/v1/targets', target('C1'), 'analyst')
    expect(analyst.statusCode).toBe(403)
    expect(analyst.json().error).toMatchObject({
      code: 'FORBIDDEN',
      permission: 'targets:write',
    })
    const custom = await post('/api/v1/targets', target('K21', 30), 'custom')
    expect(custom.statusCode).toBe(201)
    expect(custom.json()).toMatchObject({ unitId: ids.get('K21'), value: 30 })
    const outside = await post('/api/v1/targets', target('K11', 30), 'custom')
    expect(outside.statusCode).toBe(404)
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: cookies.get('supervisor')! },
    })
    expect(me.json().permissions).toContain('targets:write')
  })
})
