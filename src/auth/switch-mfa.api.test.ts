import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'

/**
 * Switching into an organisation that requires two-factor sign-in: a person without an
 * authenticator gets a challenge to enrol, not a session (the requirement held at sign-in only
 * before). Over HTTP on a real store.
 */
describeEachDialect('switching organisation meets the second factor the target requires', (ctx) => {
  let t: TestApp
  let n = 0
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) })
  const login = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: `203.0.113.${++n}`,
      payload: { email, password },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('answers an enrolment challenge and no session to a person without an authenticator', async () => {
    // The first administrator also joins a new organisation whose security administrator
    // requires two-factor sign-in of every member.
    const created = await call('POST', '/api/v1/operator/organisations', t.adminCookie, {
      name: 'Mfa Co',
      admin: { email: TEST_ADMIN.email, displayName: 'Admin', password: 'unused-password-77' },
    })
    expect(created.json().existingPerson).toBe(true)
    const strictOrg = created.json().organisation.id as string
    await call('POST', `/api/v1/operator/organisations/${strictOrg}/members`, t.adminCookie, {
      email: 'sec@mfa.test',
      displayName: 'Security',
      role: 'security_admin',
      password: 'Mfa-security-pw-77',
    })
    const security = cookieHeader(await login('sec@mfa.test', 'Mfa-security-pw-77'))
    const policy = await call('PUT', '/api/v1/auth/sign-in-policy', security, {
      mfaRequired: true,
      idleMinutes: 30,
      absoluteHours: 12,
    })
    expect(policy.statusCode).toBe(200)

    // Signed in to the first organisation (no requirement there), then switching over.
    let cookie = cookieHeader(await login(TEST_ADMIN.email, TEST_ADMIN.password))
    const me = (await call('GET', '/api/v1/auth/me', cookie)).json()
    if (me.organisation.id !== t.orgId)
      cookie = cookieHeader(
        await call('POST', '/api/v1/auth/switch-organisation', cookie, { orgId: t.orgId }),
      )
    const switched = await call('POST', '/api/v1/auth/switch-organisation', cookie, {
      orgId: strictOrg,
    })
    expect(switched.statusCode).toBe(200)
    expect(switched.json()).toMatchObject({ mfaRequired: true, enrolRequired: true })
    expect(switched.json().challenge).toEqual(expect.any(String))
    expect(switched.headers['set-cookie']).toBeUndefined()
    // The session it came from ended with the switch, as any switch ends it.
    expect((await call('GET', '/api/v1/auth/me', cookie)).statusCode).toBe(401)

    // Back in the organisation without the requirement, a switch there still just works.
    const again = cookieHeader(await login(TEST_ADMIN.email, TEST_ADMIN.password))
    const home = (await call('GET', '/api/v1/auth/me', again)).json()
    expect(home.organisation.id).toBe(t.orgId)
  })
})
