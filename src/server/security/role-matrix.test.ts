import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import {
  isCustomerDataPermission,
  type Permission,
  permissionsOfRole,
  ROLES,
} from '../../auth/roles.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import type { Role } from '../../shared/role.js'
import { type DeclaredRoute, declaredRoutes } from '../plugins/route-permission.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// The role matrix (src/auth/roles.ts) on every registered route, generated: the routes come
// from the app itself with the access each declares once (config.permission), and every
// built-in role calls each of them. A route is refused (403) exactly when the role lacks the
// route's permission; no route of the API goes undeclared.

/**
 * State-changing calls carry a body of a type no route takes: a role without the permission is
 * refused (403) before the body is read, and one with it gets 415 from the content-type check
 * that follows — so the matrix changes nothing (no demo load, no configuration rewritten) and
 * the calls can run in any order. Reads run through to the service.
 */
const PROBE_TYPE = 'application/x-role-matrix'
const PASSWORD = 'matrix-password-1'

function isPermission(access: DeclaredRoute['access']): access is Permission {
  return (
    access !== undefined && access !== 'public' && access !== 'signed-in' && access !== 'operator'
  )
}

describeEachDialect('the role matrix holds on every route', (ctx) => {
  let t: TestApp
  let routes: DeclaredRoute[]
  const cookies = {} as Record<Role, string>

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    // The API (/api/v1, the operator's /api/operator); the OpenAPI pages under /api/docs are public.
    routes = declaredRoutes(t.app).filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    )
    for (const role of ROLES) {
      const email = `${role.replace('_', '-')}@matrix.test`
      await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: role, password: PASSWORD, role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      })
      expect(login.statusCode).toBe(200)
      cookies[role] = cookieHeader(login)
    }
  })
  afterAll(async () => {
    await t.app.close()
  })

  /** The route called by `role` with a made-up id (and a probe body when it changes something): its status. */
  async function call(route: DeclaredRoute, role: Role): Promise<number> {
    const url = route.url.replace(/:[A-Za-z]+/g, 'none').replace('*', 'none')
    const write = route.method !== 'GET'
    const response = await t.app.inject({
      method: route.method as 'GET',
      url,
      headers: { cookie: cookies[role], ...(write ? { 'content-type': PROBE_TYPE } : {}) },
      ...(write ? { payload: 'probe' } : {}),
    })
    if (write && response.statusCode !== 403) expect(response.statusCode).toBe(415)
    return response.statusCode
  }

  it('every API route declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(70)
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual(
      [],
    )
  })

  it('each built-in role is refused a route exactly when it lacks the route’s permission', async () => {
    const mismatches: string[] = []
    let checked = 0
    for (const route of routes.filter((r) => isPermission(r.access) || r.access === 'operator')) {
      await Promise.all(
        ROLES.map(async (role) => {
          const allowed =
            isPermission(route.access) && permissionsOfRole(role).includes(route.access)
          const status = await call(route, role)
          checked++
          if ((status === 403) !== !allowed)
            mismatches.push(`${role} ${route.method} ${route.url} (${route.access}): ${status}`)
        }),
      )
    }
    expect(mismatches).toEqual([])
    expect(checked).toBeGreaterThan(70 * ROLES.length)
    // Every route for every role: 27 s on one store at load 22 with this round's routes.
  }, 120_000)

  it('every signed-in member reads their own profile, whatever the role', async () => {
    for (const role of ROLES) {
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: cookies[role] },
      })
      expect(me.statusCode).toBe(200)
      expect(me.json().role).toBe(role)
      expect(me.json().permissions).toEqual(permissionsOfRole(role))
    }
  })

  it('the security administrator reads no customer data: every customer-data route is 403', async () => {
    const customerData = routes.filter(
      (r) => isPermission(r.access) && isCustomerDataPermission(r.access),
    )
    expect(customerData.length).toBeGreaterThan(50)
    const answered: string[] = []
    for (const route of customerData) {
      const status = await call(route, 'security_admin')
      if (status !== 403) answered.push(`${route.method} ${route.url}: ${status}`)
    }
    expect(answered).toEqual([])
    expect(permissionsOfRole('security_admin').filter(isCustomerDataPermission)).toEqual([])
  })

  it('the auditor changes nothing: every state-changing route with a permission is 403', async () => {
    const changing = routes.filter((r) => r.method !== 'GET' && r.access !== 'public')
    const own = changing.filter((r) => r.access === 'signed-in').map((r) => r.url)
    // What every member changes of their own lives under /auth (signing out, their sign-in) and
    // /me (their date range, their notifications read, their e-mail choice and quiet hours, a
    // dispute of their own appraisal result): nothing of the organisation's.
    expect(own).toContain('/api/v1/auth/logout')
    expect(own.filter((url) => !url.startsWith('/api/v1/auth/')).sort()).toEqual([
      '/api/v1/me/appraisals/:id/disputes',
      '/api/v1/me/notification-settings',
      '/api/v1/me/notifications/:id/read',
      '/api/v1/me/notifications/read-all',
      '/api/v1/me/preferences',
    ])
    const answered: string[] = []
    for (const route of changing.filter((r) => r.access !== 'signed-in')) {
      const status = await call(route, 'auditor')
      if (status !== 403) answered.push(`${route.method} ${route.url}: ${status}`)
    }
    expect(answered).toEqual([])
    expect(permissionsOfRole('auditor')).toEqual(['audit:read', 'audit:export'])
  })
})
