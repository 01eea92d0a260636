import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { createUser } from './auth.service.js'

// The admin app shows what the caller may do from /auth/me, not from role names
// of its own: a viewer reads cases (roles.ts grants cases:read) but works none.
describeEachDialect('/auth/me tells the caller what they may do', (ctx) => {
  let t: TestApp
  const me = async (headers: Record<string, string>) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json() as {
      role: string
      permissions: string[]
    }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'view@corp.test',
        displayName: 'Viewer',
        password: 'viewer-password-1',
        role: 'viewer',
      },
      t.clock.now,
    )
  })

  it('a viewer may read surveys and cases, and work, configure or administer nothing', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'view@corp.test', password: 'viewer-password-1' },
    })
    const viewer = await me({ cookie: cookieHeader(login) })
    expect(viewer.role).toBe('viewer')
    expect(viewer.permissions).toEqual([
      'surveys:read',
      'responses:read',
      'distributions:read',
      'cases:read',
      'units:read',
    ])
  })

  it('an administrator runs the organisation but neither audits nor sets security; a read-only token of theirs only reads', async () => {
    const admin = await me({ cookie: t.adminCookie })
    expect(admin.permissions).toContain('cases:configure')
    expect(admin.permissions).toContain('users:write')
    // 等保 2.0 separation: the audit log is the auditor's, roles and sign-in policies the security administrator's.
    for (const held of ['audit:read', 'audit:export', 'roles:manage', 'security:manage'])
      expect(admin.permissions).not.toContain(held)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: t.adminCookie },
      payload: { name: 'reporting', scope: 'read' },
    })
    expect(created.statusCode).toBe(201)
    const token = await me({ authorization: `Bearer ${created.json().token}` })
    expect(token.permissions.length).toBeGreaterThan(3)
    expect(
      token.permissions.filter((p) => !p.endsWith(':read') && !p.endsWith(':read-all')),
    ).toEqual([])
  })
})
