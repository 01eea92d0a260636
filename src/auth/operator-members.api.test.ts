import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

/**
 * A new organisation gets its security administrator and auditor from the operator (its own
 * administrator may not grant them, 等保 2.0 separation): over HTTP on a real store, each then
 * signs in and holds exactly its area.
 */
describeEachDialect('the operator adds the separated administrations to an organisation', (ctx) => {
  let t: TestApp
  let n = 0
  const post = (url: string, cookie: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { cookie }, payload })
  const get = (url: string, cookie: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } })
  const login = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: `198.51.100.${++n}`,
      payload: { email, password },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('adds a security administrator and an auditor who sign in to their own areas only', async () => {
    const created = await post('/api/v1/operator/organisations', t.adminCookie, {
      name: 'Dco',
      admin: { email: 'admin@dco.test', displayName: 'Dco admin', password: 'Dco-admin-pw-77' },
    })
    expect(created.statusCode).toBe(201)
    const orgId = created.json().organisation.id as string
    const members = `/api/v1/operator/organisations/${orgId}/members`

    const security = await post(members, t.adminCookie, {
      email: 'security@dco.test',
      displayName: '安全管理员',
      role: 'security_admin',
      password: 'Dco-security-pw-77',
    })
    expect(security.statusCode).toBe(201)
    expect(security.json()).toMatchObject({
      member: { email: 'security@dco.test', role: 'security_admin' },
      existingPerson: false,
    })
    expect(security.json().generatedPassword).toBeUndefined()
    const auditor = await post(members, t.adminCookie, {
      email: 'auditor@dco.test',
      displayName: '审计管理员',
      role: 'auditor',
    })
    expect(auditor.statusCode).toBe(201)
    const generated = auditor.json().generatedPassword as string
    expect(generated).toMatch(/^\S{12,}$/)

    const securityCookie = cookieHeader(await login('security@dco.test', 'Dco-security-pw-77'))
    const auditorCookie = cookieHeader(await login('auditor@dco.test', generated))
    expect((await get('/api/v1/auth/me', securityCookie)).json()).toMatchObject({
      organisation: { id: orgId },
      role: 'security_admin',
    })
    expect((await get('/api/v1/roles', securityCookie)).statusCode).toBe(200)
    expect((await get('/api/v1/cases', securityCookie)).statusCode).toBe(403)
    expect((await get('/api/v1/audit', auditorCookie)).statusCode).toBe(200)
    expect((await get('/api/v1/users', auditorCookie)).statusCode).toBe(403)

    // Audited in the organisation, by ids and the role.
    const entries = await ctx.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'detail'])
      .where('org_id', '=', orgId)
      .where('action', '=', 'user.create')
      .orderBy('id')
      .execute()
    expect(entries.map((e) => JSON.parse(e.detail))).toEqual([
      { role: 'security_admin' },
      { role: 'auditor' },
    ])
    expect(entries.every((e) => e.actor_id.startsWith('operator:'))).toBe(true)
  })

  it('refuses other roles, unknown organisations and callers who are not operators', async () => {
    const created = await post('/api/v1/operator/organisations', t.adminCookie, {
      name: 'Eco',
      admin: { email: 'admin@eco.test', displayName: 'Eco admin', password: 'Eco-admin-pw-77' },
    })
    const orgId = created.json().organisation.id as string
    const agent = await post(`/api/v1/operator/organisations/${orgId}/members`, t.adminCookie, {
      email: 'agent@eco.test',
      displayName: 'Agent',
      role: 'agent',
    })
    expect(agent.statusCode).toBe(400)
    expect(agent.json().error.details[0]).toMatchObject({ path: 'role' })
    const unknown = await post('/api/v1/operator/organisations/nope/members', t.adminCookie, {
      email: 'x@eco.test',
      displayName: 'X',
      role: 'auditor',
    })
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'ORGANISATION_NOT_FOUND'])
    const ecoAdmin = cookieHeader(await login('admin@eco.test', 'Eco-admin-pw-77'))
    const byAdmin = await post(`/api/v1/operator/organisations/${orgId}/members`, ecoAdmin, {
      email: 'y@eco.test',
      displayName: 'Y',
      role: 'auditor',
    })
    expect([byAdmin.statusCode, byAdmin.json().error.code]).toEqual([403, 'OPERATOR_REQUIRED'])
  })
})
