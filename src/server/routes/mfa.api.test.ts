import { afterEach, beforeEach, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { totpCodeAt } from '../../auth/totp.js'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../test-app.js'

const STEP = 30_000

describeEachDialect('two-factor sign-in (TOTP)', (ctx) => {
  let t: TestApp
  const post = (url: string, payload: object, cookie?: string) =>
    t.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} })
  const get = (url: string, cookie: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie } })
  const login = (email = TEST_ADMIN.email, password = TEST_ADMIN.password) =>
    post('/api/v1/auth/login', { email, password })

  /** Enrol the test administrator; answers the secret and recovery codes. */
  async function enrolAdmin(): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await post('/api/v1/auth/mfa/totp', {}, t.adminCookie)
    expect(started.statusCode).toBe(200)
    const { secret } = started.json()
    const confirmed = await post(
      '/api/v1/auth/mfa/totp/confirm',
      { code: await totpCodeAt(secret, t.clock.now) },
      t.adminCookie,
    )
    expect(confirmed.statusCode).toBe(200)
    return { secret, recoveryCodes: confirmed.json().recoveryCodes }
  }

  let store: Store
  beforeEach(async () => {
    store = await createTestStore(ctx.dialect)
    t = await createTestApp(store)
  })
  afterEach(async () => {
    await t.app.close()
    await store.close()
  })

  it('enrols with a QR code and a confirming code, then asks for a code at every sign-in', async () => {
    const started = await post('/api/v1/auth/mfa/totp', {}, t.adminCookie)
    const { secret, uri, qrSvg } = started.json()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(uri).toBe(
      `otpauth://totp/Manyi%20%E6%BB%A1%E6%84%8F:admin%40test.local?secret=${secret}&issuer=Manyi%20%E6%BB%A1%E6%84%8F`,
    )
    expect(qrSvg).toContain('<svg')
    // Stored sealed with the application keyring, never as the secret itself.
    const stored = await store.db.selectFrom('mfa_totp').select('secret').executeTakeFirstOrThrow()
    expect(stored.secret).not.toContain(secret)
    expect(stored.secret.length).toBeGreaterThan(secret.length)
    const wrong = await post('/api/v1/auth/mfa/totp/confirm', { code: '000000' }, t.adminCookie)
    expect(wrong.json().error.code).toBe('MFA_CODE_INVALID')
    const code = await totpCodeAt(secret, t.clock.now)
    const confirmed = await post('/api/v1/auth/mfa/totp/confirm', { code }, t.adminCookie)
    const { recoveryCodes } = confirmed.json()
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
    expect((await get('/api/v1/auth/mfa', t.adminCookie)).json()).toEqual({
      enrolled: true,
      confirmedAt: '2026-06-15T04:00:00.000Z',
      recoveryCodesLeft: 10,
      required: false,
    })
    // A second enrolment while one is confirmed is refused.
    expect((await post('/api/v1/auth/mfa/totp', {}, t.adminCookie)).statusCode).toBe(409)

    const first = await login()
    expect(first.statusCode).toBe(200)
    expect(first.cookies).toEqual([])
    const { challenge, ...rest } = first.json()
    expect(rest).toEqual({ mfaRequired: true, enrolRequired: false })
    // The code that confirmed the enrolment is not accepted again in its time step.
    const replay = await post('/api/v1/auth/login/mfa', { challenge, code })
    expect(replay.statusCode).toBe(401)
    expect(replay.json().error.code).toBe('MFA_CODE_INVALID')
    t.clock.now += STEP
    const second = await post('/api/v1/auth/login/mfa', {
      challenge,
      code: await totpCodeAt(secret, t.clock.now),
    })
    expect(second.statusCode).toBe(200)
    expect(second.json()).toMatchObject({ user: { email: TEST_ADMIN.email }, role: 'admin' })
    const me = await get('/api/v1/auth/me', cookieHeader(second))
    expect(me.json().user.email).toBe(TEST_ADMIN.email)
    // A challenge opens one session only.
    t.clock.now += STEP
    const again = await post('/api/v1/auth/login/mfa', {
      challenge,
      code: await totpCodeAt(secret, t.clock.now),
    })
    expect(again.json().error.code).toBe('MFA_CHALLENGE_INVALID')
  })

  it('takes each recovery code once, and a disabled factor no longer asks', async () => {
    const { secret, recoveryCodes } = await enrolAdmin()
    const signInWith = async (code: string) =>
      post('/api/v1/auth/login/mfa', { challenge: (await login()).json().challenge, code })
    const recovered = await signInWith(recoveryCodes[3]!.toUpperCase())
    expect(recovered.statusCode).toBe(200)
    expect((await signInWith(recoveryCodes[3]!)).json().error.code).toBe('MFA_CODE_INVALID')
    const cookie = cookieHeader(recovered)
    expect((await get('/api/v1/auth/mfa', cookie)).json().recoveryCodesLeft).toBe(9)

    expect(
      (await post('/api/v1/auth/mfa/totp/disable', { code: '123456' }, cookie)).json().error.code,
    ).toBe('MFA_CODE_INVALID')
    t.clock.now += STEP
    const off = await post(
      '/api/v1/auth/mfa/totp/disable',
      { code: await totpCodeAt(secret, t.clock.now) },
      cookie,
    )
    expect(off.json()).toEqual({ ok: true })
    const plain = await login()
    expect(plain.json()).toMatchObject({ user: { email: TEST_ADMIN.email } })
    expect(plain.cookies.map((c) => c.name)).toEqual(['manyi_session'])
  })

  it('refuses a challenge after 5 wrong codes or 5 minutes, and an account after 10 wrong codes', async () => {
    const { secret } = await enrolAdmin()
    t.clock.now += STEP
    const { challenge } = (await login()).json()
    for (let i = 0; i < 5; i++)
      expect(
        (await post('/api/v1/auth/login/mfa', { challenge, code: '000000' })).json().error.code,
      ).toBe('MFA_CODE_INVALID')
    const right = { challenge, code: await totpCodeAt(secret, t.clock.now) }
    expect((await post('/api/v1/auth/login/mfa', right)).json().error.code).toBe(
      'MFA_CHALLENGE_INVALID',
    )

    const late = (await login()).json().challenge
    t.clock.now += 5 * 60_000
    const lateAnswer = { challenge: late, code: await totpCodeAt(secret, t.clock.now) }
    expect((await post('/api/v1/auth/login/mfa', lateAnswer)).json().error.code).toBe(
      'MFA_CHALLENGE_INVALID',
    )

    const next = (await login()).json().challenge
    for (let i = 0; i < 5; i++)
      await post('/api/v1/auth/login/mfa', { challenge: next, code: '000000' })
    const third = (await login()).json().challenge
    const throttled = await post('/api/v1/auth/login/mfa', {
      challenge: third,
      code: await totpCodeAt(secret, t.clock.now),
    })
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().error).toMatchObject({ code: 'MFA_THROTTLED', retryAfter: 900 })
  })

  it('makes members enrol at their next sign-in when the organisation requires it', async () => {
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
    const security = cookieHeader(await login('sec@test.local', 'security-admin-pass-1'))
    const policy = { mfaRequired: true, idleMinutes: 30, absoluteHours: 12 }
    const byAdmin = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/sign-in-policy',
      payload: policy,
      headers: { cookie: t.adminCookie },
    })
    expect(byAdmin.statusCode).toBe(403)
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/sign-in-policy',
      payload: policy,
      headers: { cookie: security },
    })
    expect(set.json()).toEqual(policy)
    expect((await get('/api/v1/auth/sign-in-policy', security)).json()).toEqual(policy)

    const first = (await login()).json()
    expect(first).toMatchObject({ mfaRequired: true, enrolRequired: true })
    const skipped = await post('/api/v1/auth/login/mfa', {
      challenge: first.challenge,
      code: '123456',
    })
    expect(skipped.json().error.code).toBe('MFA_ENROLMENT_REQUIRED')
    const enrol = await post('/api/v1/auth/login/mfa/enrol', { challenge: first.challenge })
    const { secret, qrSvg } = enrol.json()
    expect(qrSvg).toContain('<svg')
    const done = await post('/api/v1/auth/login/mfa', {
      challenge: first.challenge,
      code: await totpCodeAt(secret, t.clock.now),
    })
    expect(done.statusCode).toBe(200)
    expect(done.json().recoveryCodes).toHaveLength(10)
    expect((await get('/api/v1/auth/mfa', cookieHeader(done))).json()).toMatchObject({
      enrolled: true,
      required: true,
    })
    // From now on the second step asks for a code, not an enrolment.
    expect((await login()).json()).toMatchObject({ mfaRequired: true, enrolRequired: false })
  })
})
