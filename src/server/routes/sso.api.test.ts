import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import {
  followProvider,
  type OidcStandIn,
  startOidcStandIn,
} from '../../auth/sso/test-oidc-provider.js'
import { totpCodeAt } from '../../auth/totp.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

describeEachDialect('single sign-on with OpenID Connect (against oidc-provider)', (ctx) => {
  let t: TestApp
  let op: OidcStandIn
  let security = ''
  let providerId = ''
  const settings = (issuer: string) => ({
    issuer,
    clientId: 'manyi-test',
    scopes: 'openid email profile groups',
    roleMapping: { 'cs-agents': 'agent', 'cs-leads': 'supervisor' },
    defaultRole: null,
  })

  /** A browser's round trip: start, the provider, the callback; answers the callback's answer. */
  async function signInAtProvider() {
    const start = await t.app.inject({
      method: 'GET',
      url: `/sso/${providerId}/start`,
    })
    expect(start.statusCode).toBe(302)
    const back = await followProvider(start.headers.location as string, op.issuer)
    return t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })
  }
  const me = (cookie: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'sec@test.local',
        displayName: '安全管理员',
        password: 'security-admin-pass-1',
        role: 'security_admin',
      },
      t.clock.now,
    )
    security = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'sec@test.local', password: 'security-admin-pass-1' },
      }),
    )
    // The provider's id is part of the redirect URI the stand-in must know: create, then point.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sso-providers',
      headers: { cookie: security },
      payload: {
        kind: 'oidc',
        name: '集团统一身份认证',
        settings: settings('https://idp.invalid'),
        secret: 'stand-in-client-secret-0123456789abcdef',
      },
    })
    expect(created.statusCode).toBe(200)
    providerId = created.json().id
    op = await startOidcStandIn(`http://localhost/sso/${providerId}/callback`)
    const pointed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/sso-providers/${providerId}`,
      headers: { cookie: security },
      payload: { kind: 'oidc', name: '集团统一身份认证', settings: settings(op.issuer) },
    })
    expect(pointed.json()).toMatchObject({ hasSecret: true, enabled: true })
  })
  afterAll(async () => {
    await op?.close()
    await t?.app.close()
  })

  it('keeps the client secret write-only and the settings to security:manage', async () => {
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sso-providers',
      headers: { cookie: security },
    })
    expect(listed.json().providers).toEqual([
      {
        id: providerId,
        kind: 'oidc',
        name: '集团统一身份认证',
        settings: { ...settings(op.issuer), groupsClaim: 'groups' },
        hasSecret: true,
        enabled: true,
      },
    ])
    expect(listed.body).not.toContain('stand-in-client-secret')
    const stored = await ctx.store.db
      .selectFrom('sso_providers')
      .select('secret')
      .executeTakeFirstOrThrow()
    expect(stored.secret).not.toContain('stand-in-client-secret')
    const byAdmin = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sso-providers',
      headers: { cookie: t.adminCookie },
    })
    expect(byAdmin.statusCode).toBe(403)
    const buttons = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/login/sso?org=${t.orgId}`,
    })
    expect(buttons.json()).toEqual({
      providers: [{ id: providerId, kind: 'oidc', name: '集团统一身份认证' }],
    })
  })

  it('signs a new person in with PKCE, making their membership from the groups claim', async () => {
    op.account.current = {
      sub: 'idp-wang',
      email: 'wang@idp.test',
      name: '王客服',
      groups: ['staff', 'cs-agents'],
    }
    const start = await t.app.inject({
      method: 'GET',
      url: `/sso/${providerId}/start`,
    })
    const to = new URL(start.headers.location as string)
    expect(to.origin).toBe(op.issuer)
    expect(to.searchParams.get('code_challenge_method')).toBe('S256')
    expect(to.searchParams.get('redirect_uri')).toBe(`http://localhost/sso/${providerId}/callback`)
    const back = await followProvider(to.href, op.issuer)
    const done = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })
    expect(done.statusCode).toBe(302)
    expect(done.headers.location).toBe('/app/')
    const cookie = cookieHeader(done)
    const who = (await me(cookie)).json()
    expect(who).toMatchObject({
      user: { email: 'wang@idp.test', displayName: '王客服' },
      role: 'agent',
    })
    // The same callback again: its state was used up.
    const replay = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })
    expect(replay.headers.location).toBe('/app/#ssoError=SSO_SIGN_IN_FAILED')

    // Later sign-ins find the membership by the provider's subject, whatever the e-mail says now.
    op.account.current = { ...op.account.current, email: 'wang.new@idp.test' }
    const again = await signInAtProvider()
    expect((await me(cookieHeader(again))).json().user.id).toBe(who.user.id)
  })

  it('makes no membership when no group maps to a role', async () => {
    op.account.current = {
      sub: 'idp-zhao',
      email: 'zhao@idp.test',
      name: '赵',
      groups: ['finance'],
    }
    const refused = await signInAtProvider()
    expect(refused.headers.location).toBe('/app/#ssoError=SSO_NO_MEMBERSHIP')
    expect(refused.cookies).toEqual([])
  })

  it('asks for the second factor after the provider when the person has one', async () => {
    op.account.current = {
      sub: 'idp-chen',
      email: 'chen@idp.test',
      name: '陈主管',
      groups: ['cs-leads'],
    }
    const first = cookieHeader(await signInAtProvider())
    const { secret } = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/mfa/totp',
        headers: { cookie: first },
      })
    ).json()
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/totp/confirm',
      headers: { cookie: first },
      payload: { code: await totpCodeAt(secret, t.clock.now) },
    })
    t.clock.now += 30_000
    const withFactor = await signInAtProvider()
    expect(withFactor.cookies).toEqual([])
    const fragment = new URLSearchParams(
      (withFactor.headers.location as string).replace(/^\/app\/#/, ''),
    )
    const challenge = fragment.get('mfa')!
    expect(challenge.length).toBeGreaterThan(20)
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/mfa',
      payload: { challenge, code: await totpCodeAt(secret, t.clock.now) },
    })
    expect(second.json()).toMatchObject({ user: { email: 'chen@idp.test' }, role: 'supervisor' })
  })
})
