import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import {
  type StandIn,
  startDingtalkStandIn,
  startFeishuStandIn,
} from '../../auth/sso/test-china-idp-servers.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

describeEachDialect('DingTalk (钉钉) and Feishu (飞书) sign-in against stand-ins', (ctx) => {
  let t: TestApp
  let ding: StandIn
  let feishu: StandIn
  const ids = { ding: '', feishu: '' }

  /** The browser: start, the provider's page (which sends it straight back), the callback. */
  async function roundTrip(providerId: string) {
    const start = await t.app.inject({ method: 'GET', url: `/sso/${providerId}/start` })
    expect(start.statusCode).toBe(302)
    const atProvider = await fetch(start.headers.location as string, { redirect: 'manual' })
    const back = new URL(atProvider.headers.get('location')!)
    return t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })
  }
  const me = async (answer: LightMyRequestResponse) =>
    (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: cookieHeader(answer) },
      })
    ).json()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    ding = await startDingtalkStandIn()
    feishu = await startFeishuStandIn()
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
    const security = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'sec@test.local', password: 'security-admin-pass-1' },
      }),
    )
    const add = async (payload: object) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/sso-providers',
          headers: { cookie: security },
          payload,
        })
      ).json().id as string
    ids.ding = await add({
      kind: 'dingtalk',
      name: '钉钉',
      secret: ding.secret,
      settings: {
        clientId: ding.clientId,
        authorizeUrl: `${ding.baseUrl}/oauth2/auth`,
        apiBaseUrl: ding.baseUrl,
        defaultRole: 'agent',
      },
    })
    ids.feishu = await add({
      kind: 'feishu',
      name: '飞书',
      secret: feishu.secret,
      settings: {
        appId: feishu.clientId,
        authorizeUrl: `${feishu.baseUrl}/open-apis/authen/v1/authorize`,
        apiBaseUrl: feishu.baseUrl,
        defaultRole: 'viewer',
      },
    })
  })
  afterAll(async () => {
    await ding?.close()
    await feishu?.close()
    await t?.app.close()
  })

  it('DingTalk: authCode → userAccessToken → contact/users/me, a new agent by default role', async () => {
    ding.person.current = { id: 'union-qian', name: '钱客服', email: 'qian@corp.example' }
    ding.requests.length = 0
    const done = await roundTrip(ids.ding)
    expect(done.headers.location).toBe('/app/')
    expect(await me(done)).toMatchObject({
      user: { email: 'qian@corp.example', displayName: '钱客服' },
      role: 'agent',
    })
    const [auth, token, users] = ding.requests
    expect(auth).toMatchObject({
      path: '/oauth2/auth',
      query: {
        client_id: ding.clientId,
        response_type: 'code',
        scope: 'openid',
        prompt: 'consent',
        redirect_uri: `http://localhost/sso/${ids.ding}/callback`,
      },
    })
    expect(token).toMatchObject({
      method: 'POST',
      path: '/v1.0/oauth2/userAccessToken',
      body: {
        clientId: ding.clientId,
        clientSecret: ding.secret,
        code: 'auth-code-1',
        grantType: 'authorization_code',
      },
    })
    expect(users).toMatchObject({
      method: 'GET',
      path: '/v1.0/contact/users/me',
      headers: { 'x-acs-dingtalk-access-token': 'ding-token-2' },
    })
  })

  it('DingTalk: a person without an e-mail is not made a member', async () => {
    ding.person.current = { id: 'union-li', name: '李' }
    expect((await roundTrip(ids.ding)).headers.location).toBe('/app/#ssoError=SSO_NO_MEMBERSHIP')
  })

  it('Feishu: app_access_token → oidc/access_token → user_info, a new viewer by default role', async () => {
    feishu.person.current = { id: 'on_sun', name: '孙主管', email: 'sun@corp.example' }
    feishu.requests.length = 0
    const done = await roundTrip(ids.feishu)
    expect(done.headers.location).toBe('/app/')
    expect(await me(done)).toMatchObject({
      user: { email: 'sun@corp.example', displayName: '孙主管' },
      role: 'viewer',
    })
    const [authorize, app, user, info] = feishu.requests
    expect(authorize).toMatchObject({
      path: '/open-apis/authen/v1/authorize',
      query: {
        app_id: feishu.clientId,
        redirect_uri: `http://localhost/sso/${ids.feishu}/callback`,
      },
    })
    expect(app).toMatchObject({
      method: 'POST',
      path: '/open-apis/auth/v3/app_access_token/internal',
      body: { app_id: feishu.clientId, app_secret: feishu.secret },
    })
    expect(user).toMatchObject({
      method: 'POST',
      path: '/open-apis/authen/v1/oidc/access_token',
      headers: { authorization: 'Bearer a-app-token' },
      body: { grant_type: 'authorization_code', code: 'feishu-code-1' },
    })
    expect(info).toMatchObject({
      method: 'GET',
      path: '/open-apis/authen/v1/user_info',
      headers: { authorization: 'Bearer u-token-2' },
    })
    // The same person again: found by union_id.
    const again = await roundTrip(ids.feishu)
    expect((await me(again)).user.id).toBe((await me(done)).user.id)
  })
})
