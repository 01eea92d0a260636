import { afterEach, beforeEach, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import {
  applySignInPolicy,
  DEFAULT_ABSOLUTE_HOURS,
  DEFAULT_IDLE_MINUTES,
  signInPolicyOf,
} from '../../auth/session-policy.service.js'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../test-app.js'

const MINUTE = 60_000

describeEachDialect('sessions: idle timeout, absolute lifetime, one’s list to end', (ctx) => {
  let t: TestApp
  let store: Store
  const login = async (email = TEST_ADMIN.email, password = TEST_ADMIN.password, ua = 'Test/1') =>
    cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        headers: { 'user-agent': ua },
      }),
    )
  const me = (cookie: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })
  const sessions = (cookie: string, url = '/api/v1/auth/sessions') =>
    t.app.inject({ method: 'GET', url, headers: { cookie, 'user-agent': 'Browser/2' } })
  async function securityAdmin(): Promise<string> {
    await createUser(
      { db: store.db, orgId: t.orgId },
      {
        email: 'sec@test.local',
        displayName: '安全管理员',
        password: 'security-admin-pass-1',
        role: 'security_admin',
      },
      t.clock.now,
    )
    return login('sec@test.local', 'security-admin-pass-1')
  }

  beforeEach(async () => {
    store = await createTestStore(ctx.dialect)
    t = await createTestApp(store)
  })
  afterEach(async () => {
    await t.app.close()
    await store.close()
  })

  it('lists one’s sessions with the current one marked, and ends another', async () => {
    const phone = await login(TEST_ADMIN.email, TEST_ADMIN.password, 'Phone/9')
    // Address and user agent are those of the session's first use after signing in.
    const fromPhone = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: phone, 'user-agent': 'Phone/9' },
    })
    expect(fromPhone.statusCode).toBe(200)
    t.clock.now += 2 * MINUTE
    const list = (await sessions(t.adminCookie)).json().sessions
    expect(list).toHaveLength(2)
    const [current, other] = list
    expect(current).toMatchObject({
      current: true,
      address: '127.0.0.1',
      userAgent: 'Browser/2',
      lastSeenAt: '2026-06-15T04:02:00.000Z',
      expiresAt: '2026-06-15T16:00:00.000Z',
    })
    expect(other).toMatchObject({
      current: false,
      userAgent: 'Phone/9',
      createdAt: '2026-06-15T04:00:00.000Z',
      lastSeenAt: '2026-06-15T04:00:00.000Z',
    })
    const ended = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${other.id}`,
      headers: { cookie: t.adminCookie },
    })
    expect(ended.statusCode).toBe(204)
    expect((await me(phone)).statusCode).toBe(401)
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${other.id}`,
      headers: { cookie: t.adminCookie },
    })
    expect(again.json().error.code).toBe('SESSION_NOT_FOUND')
  })

  it('ends a session idle for 30 minutes, and any session after 12 hours (the defaults)', async () => {
    // An organisation that never set a policy has the defaults; the test app sets a long idle
    // timeout for its organisation, so the defaults are set here again.
    const defaults = await signInPolicyOf(store.db, 'organisation-without-a-policy')
    expect(defaults).toEqual({ mfaRequired: false, idleMinutes: 30, absoluteHours: 12 })
    expect([DEFAULT_IDLE_MINUTES, DEFAULT_ABSOLUTE_HOURS]).toEqual([30, 12])
    await applySignInPolicy(store.db, t.orgId, defaults, t.clock.now)
    const cookie = await login()
    t.clock.now += 29 * MINUTE
    expect((await me(cookie)).statusCode).toBe(200)
    t.clock.now += 29 * MINUTE
    expect((await me(cookie)).statusCode).toBe(200)
    t.clock.now += 30 * MINUTE
    const idle = await me(cookie)
    expect(idle.statusCode).toBe(401)
    expect(idle.json().error.code).toBe('UNAUTHENTICATED')

    const busy = await login()
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      t.clock.now += 20 * MINUTE
      expect((await me(busy)).statusCode).toBe(200)
    }
    t.clock.now += 20 * MINUTE
    expect((await me(busy)).statusCode).toBe(401)
  })

  it('follows the organisation’s policy, and lets sessions:manage end a member’s session', async () => {
    const security = await securityAdmin()
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/sign-in-policy',
      payload: { mfaRequired: false, idleMinutes: 10, absoluteHours: 1 },
      headers: { cookie: security },
    })
    expect(set.statusCode).toBe(200)
    const cookie = await login()
    t.clock.now += 9 * MINUTE
    expect((await me(cookie)).statusCode).toBe(200)
    t.clock.now += 11 * MINUTE
    expect((await me(cookie)).statusCode).toBe(401)

    // Both sessions above idled out: sign in again.
    const admin = await login()
    const security2 = await login('sec@test.local', 'security-admin-pass-1')
    const usersAnswer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: security2 },
    })
    const users = usersAnswer.json().users
    const adminId = users.find((u: { email: string }) => u.email === TEST_ADMIN.email).id
    expect((await sessions(admin, `/api/v1/users/${adminId}/sessions`)).json().error.code).toBe(
      'FORBIDDEN',
    )
    const theirs = (await sessions(security2, `/api/v1/users/${adminId}/sessions`)).json().sessions
    expect(theirs.map((s: { current: boolean }) => s.current)).toEqual([false])
    const ended = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${adminId}/sessions/${theirs[0].id}`,
      headers: { cookie: security2 },
    })
    expect(ended.statusCode).toBe(204)
    expect((await me(admin)).statusCode).toBe(401)
  })
})
