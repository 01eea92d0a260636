import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../test-app.js'

describeEachDialect('users: roles, departments, passwords set by an administrator', (ctx) => {
  let t: TestApp
  let adminId = ''
  let agentId = ''
  const admin = () => ({ cookie: t.adminCookie })
  const loginAs = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const users = (
      await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin() })
    ).json().users
    adminId = users.find((u: { email: string }) => u.email === TEST_ADMIN.email).id
    agentId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin(),
        payload: {
          email: 'wang@test.local',
          displayName: '王客服',
          password: 'agent-password-1',
          role: 'agent',
        },
      })
    ).json().id
  })

  it('changes a role, with effect on the next request', async () => {
    const agent = { cookie: cookieHeader(await loginAs('wang@test.local', 'agent-password-1')) }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: agent })).statusCode,
    ).toBe(403)
    const promoted = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${agentId}`,
      headers: admin(),
      payload: { role: 'admin', department: '客户服务部' },
    })
    expect(promoted.json()).toMatchObject({ role: 'admin', department: '客户服务部' })
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: agent })).statusCode,
    ).toBe(200)
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${agentId}`,
      headers: admin(),
      payload: { role: 'owner' },
    })
    expect(bad.json().error.details[0]).toMatchObject({ path: 'role' })
  })

  it('always keeps one administrator', async () => {
    // Two administrators now: one may step down, the last one may not.
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${agentId}`,
          headers: admin(),
          payload: { role: 'agent' },
        })
      ).statusCode,
    ).toBe(200)
    const last = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${adminId}`,
      headers: admin(),
      payload: { role: 'analyst' },
    })
    expect(last.statusCode).toBe(409)
    expect(last.json().error).toMatchObject({
      code: 'LAST_ADMIN',
      details: [{ path: 'role', reason: 'would leave the organisation without an administrator' }],
    })
    const users = (
      await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin() })
    ).json().users
    expect(users.find((u: { id: string }) => u.id === adminId).role).toBe('admin')
  })

  it('sets a password: the old one and the open sessions stop working, the new one logs in', async () => {
    const session = { cookie: cookieHeader(await loginAs('wang@test.local', 'agent-password-1')) }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode,
    ).toBe(200)
    const short = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${agentId}/password`,
      headers: admin(),
      payload: { password: 'short' },
    })
    expect(short.json().error.details).toEqual([
      {
        path: 'password',
        reason: 'must be at least 10 characters',
        rule: 'password_too_short',
        limit: 10,
      },
    ])
    const set = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${agentId}/password`,
      headers: admin(),
      payload: { password: 'fresh-password-2' },
    })
    expect(set.statusCode).toBe(204)
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode,
    ).toBe(401)
    expect((await loginAs('wang@test.local', 'agent-password-1')).statusCode).toBe(401)
    expect((await loginAs('wang@test.local', 'fresh-password-2')).statusCode).toBe(200)
    // The audit log is the auditor's to read (等保 2.0 separation).
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'aud@test.local',
        displayName: 'Aud',
        password: 'auditor-password-1',
        role: 'auditor',
      },
      t.clock.now,
    )
    const auditor = { cookie: cookieHeader(await loginAs('aud@test.local', 'auditor-password-1')) }
    const audit = (
      await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: auditor })
    ).json().entries
    const entry = audit.find((e: { action: string }) => e.action === 'user.password')
    expect(entry).toMatchObject({ entityId: agentId })
    expect(JSON.stringify(entry)).not.toContain('fresh-password-2')
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/users/nobody/password',
          headers: admin(),
          payload: { password: 'fresh-password-2' },
        })
      ).statusCode,
    ).toBe(404)
  })
})
