import { beforeAll, expect, it } from 'vitest'
import { createOrganisation } from '../organisations/organisation.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { createUser } from './auth.service.js'

// Custom roles through the API: a security administrator assembles them from the permission
// list, never reaching all three separated areas, and gives them to members, who act with
// exactly those permissions from their next request.
describeEachDialect('custom roles', (ctx) => {
  let t: TestApp
  let security: string
  let member: { id: string; cookie: string }

  async function signIn(email: string): Promise<string> {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'roles-password-1' },
    })
    expect(login.statusCode).toBe(200)
    return cookieHeader(login)
  }
  async function addMember(orgId: string, email: string, role: string): Promise<string> {
    return createUser(
      { db: ctx.store.db, orgId },
      { email, displayName: email, password: 'roles-password-1', role },
      t.clock.now,
    )
  }
  const call = (method: string, url: string, cookie: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await addMember(t.orgId, 'sec@roles.test', 'security_admin')
    security = await signIn('sec@roles.test')
    const id = await addMember(t.orgId, 'qa@roles.test', 'viewer')
    member = { id, cookie: await signIn('qa@roles.test') }
  })

  it('a custom role gives its members exactly its permissions, changed at once', async () => {
    const created = await call('POST', '/api/v1/roles', security, {
      name: '质检员',
      description: 'Reads answers and cases',
      permissions: ['cases:read', 'surveys:read', 'responses:read'],
    })
    expect(created.statusCode).toBe(201)
    const role = created.json()
    // Kept in the list's order, whatever the order given.
    expect(role).toMatchObject({
      name: '质检员',
      description: 'Reads answers and cases',
      permissions: ['surveys:read', 'responses:read', 'cases:read'],
      members: 0,
    })

    const assigned = await call('PATCH', `/api/v1/users/${member.id}`, security, {
      customRoleId: role.id,
    })
    expect(assigned.statusCode).toBe(200)
    const me = await call('GET', '/api/v1/auth/me', member.cookie)
    expect(me.json().permissions).toEqual(['surveys:read', 'responses:read', 'cases:read'])
    expect((await call('GET', '/api/v1/cases', member.cookie)).statusCode).toBe(200)
    // A viewer reads contact lists; this role does not.
    expect((await call('GET', '/api/v1/contact-lists', member.cookie)).statusCode).toBe(403)

    const matrix = (await call('GET', '/api/v1/roles', security)).json()
    expect(matrix.assignments).toEqual([{ userId: member.id, customRoleId: role.id }])
    expect(
      matrix.custom.map((r: { name: string; members: number }) => [r.name, r.members]),
    ).toEqual([['质检员', 1]])
    expect(matrix.builtIn.find((r: { role: string }) => r.role === 'auditor').permissions).toEqual([
      'audit:read',
      'audit:export',
    ])

    const inUse = await call('DELETE', `/api/v1/roles/${role.id}`, security)
    expect(inUse.statusCode).toBe(409)
    expect(inUse.json().error.code).toBe('CUSTOM_ROLE_IN_USE')

    const narrowed = await call('PUT', `/api/v1/roles/${role.id}`, security, {
      name: '质检员',
      permissions: ['surveys:read'],
    })
    expect(narrowed.statusCode).toBe(200)
    expect((await call('GET', '/api/v1/cases', member.cookie)).statusCode).toBe(403)

    // A built-in role again: the custom one is taken away, and then it can go.
    const back = await call('PATCH', `/api/v1/users/${member.id}`, security, { role: 'viewer' })
    expect(back.json().role).toBe('viewer')
    expect((await call('GET', '/api/v1/contact-lists', member.cookie)).statusCode).toBe(200)
    expect((await call('DELETE', `/api/v1/roles/${role.id}`, security)).statusCode).toBe(204)
    expect((await call('GET', '/api/v1/roles', security)).json().custom).toEqual([])
  })

  it('a custom role member’s API token acts with the role’s current permissions', async () => {
    const role = (
      await call('POST', '/api/v1/roles', security, {
        name: '接口质检',
        permissions: ['tokens:own', 'cases:read', 'cases:work'],
      })
    ).json()
    const id = await addMember(t.orgId, 'api@roles.test', 'viewer')
    await call('PATCH', `/api/v1/users/${id}`, security, { customRoleId: role.id })
    const cookie = await signIn('api@roles.test')
    const token = async (scope: string) => {
      const made = await call('POST', '/api/v1/tokens', cookie, { name: scope, scope })
      expect(made.statusCode).toBe(201)
      return { authorization: `Bearer ${made.json().token}` }
    }
    const full = await token('full')
    const read = await token('read')
    const get = (url: string, headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url, headers })
    expect((await get('/api/v1/cases', full)).statusCode).toBe(200)
    expect((await get('/api/v1/cases', read)).statusCode).toBe(200)
    // Not in the role: a viewer's contact lists stay out of reach.
    expect((await get('/api/v1/contact-lists', full)).statusCode).toBe(403)
    // A read-only token writes nothing, whatever the role holds.
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/case_none/assign',
      headers: read,
      payload: { ownerId: id },
    })
    expect(write.statusCode).toBe(403)

    // The role narrowed: the token follows at its next request.
    await call('PUT', `/api/v1/roles/${role.id}`, security, {
      name: '接口质检',
      permissions: ['tokens:own'],
    })
    expect((await get('/api/v1/cases', full)).statusCode).toBe(403)
  })

  it('no custom role holds system, security and audit administration together', async () => {
    const refused = await call('POST', '/api/v1/roles', security, {
      name: 'Everything',
      permissions: ['surveys:read', 'roles:manage', 'audit:read'],
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.code).toBe('ROLE_SEPARATION')
    const two = await call('POST', '/api/v1/roles', security, {
      name: 'Security and audit',
      permissions: ['users:read', 'audit:read'],
    })
    expect(two.statusCode).toBe(201)
    const unknown = await call('POST', '/api/v1/roles', security, {
      name: 'Typo',
      permissions: ['cases:raed'],
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED')
    const same = await call('POST', '/api/v1/roles', security, {
      name: 'Security and audit',
      permissions: ['users:read'],
    })
    expect(same.json().error.code).toBe('CUSTOM_ROLE_NAME_TAKEN')
    const widened = await call('PUT', `/api/v1/roles/${two.json().id}`, security, {
      name: 'Security and audit',
      permissions: ['users:read', 'audit:read', 'demo:load'],
    })
    expect(widened.json().error.code).toBe('ROLE_SEPARATION')
  })

  it('the administrator grants only roles within their own; roles are the security administrator’s', async () => {
    expect((await call('GET', '/api/v1/roles', t.adminCookie)).statusCode).toBe(403)
    const id = await addMember(t.orgId, 'new@roles.test', 'agent')
    const toSecurity = await call('PATCH', `/api/v1/users/${id}`, t.adminCookie, {
      role: 'security_admin',
    })
    expect(toSecurity.statusCode).toBe(403)
    expect(toSecurity.json().error.code).toBe('ROLE_NOT_GRANTABLE')
    const toAuditor = await call('POST', '/api/v1/users', t.adminCookie, {
      email: 'aud@roles.test',
      displayName: 'Auditor',
      password: 'roles-password-1',
      role: 'auditor',
    })
    expect(toAuditor.json().error.code).toBe('ROLE_NOT_GRANTABLE')
    const toSupervisor = await call('PATCH', `/api/v1/users/${id}`, t.adminCookie, {
      role: 'supervisor',
    })
    expect(toSupervisor.json().role).toBe('supervisor')
    // The security administrator grants any role.
    const byOfficer = await call('PATCH', `/api/v1/users/${id}`, security, { role: 'auditor' })
    expect(byOfficer.json().role).toBe('auditor')
  })

  it('another organisation’s custom roles are out of reach', async () => {
    const mine = await call('POST', '/api/v1/roles', security, {
      name: 'Ours',
      permissions: ['cases:read'],
    })
    const other = await createOrganisation(ctx.store.db, 'Other Co', t.clock.now)
    await addMember(other.id, 'sec@other.test', 'security_admin')
    const theirs = await signIn('sec@other.test')
    expect((await call('GET', '/api/v1/roles', theirs)).json().custom).toEqual([])
    const changed = await call('PUT', `/api/v1/roles/${mine.json().id}`, theirs, {
      name: 'Taken',
      permissions: ['cases:read'],
    })
    expect(changed.json().error.code).toBe('CUSTOM_ROLE_NOT_FOUND')
    const granted = await call('PATCH', `/api/v1/users/${member.id}`, theirs, {
      customRoleId: mine.json().id,
    })
    expect(granted.statusCode).toBe(404)
  })
})
