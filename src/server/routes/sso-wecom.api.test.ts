import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { startWecomStandIn, type WecomStandIn } from '../../auth/sso/test-wecom-server.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

describeEachDialect('WeCom (企业微信) sign-in against a stand-in of its API', (ctx) => {
  let t: TestApp
  let wecom: WecomStandIn
  let providerId = ''

  /** The browser: start, the QR page (which sends it straight back), the callback. */
  async function scanAndReturn() {
    const start = await t.app.inject({ method: 'GET', url: `/sso/${providerId}/start` })
    expect(start.statusCode).toBe(302)
    const scanned = await fetch(start.headers.location as string, { redirect: 'manual' })
    const back = new URL(scanned.headers.get('location')!)
    return t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    wecom = await startWecomStandIn()
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
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sso-providers',
      headers: { cookie: security },
      payload: {
        kind: 'wecom',
        name: '企业微信',
        secret: wecom.secret,
        settings: {
          corpId: wecom.corpId,
          agentId: wecom.agentId,
          authorizeUrl: `${wecom.baseUrl}/wwopen/sso/qrConnect`,
          apiBaseUrl: wecom.baseUrl,
          roleMapping: { '2': 'agent' },
          defaultRole: null,
        },
      },
    })
    expect(created.statusCode).toBe(200)
    expect(created.body).not.toContain(wecom.secret)
    providerId = created.json().id
  })
  afterAll(async () => {
    await wecom?.close()
    await t?.app.close()
  })

  it('follows the documented flow and makes an agent of a member of department 2', async () => {
    wecom.member.current = {
      userid: 'WangKeFu',
      name: '王客服',
      department: [2],
      email: 'wang@corp.example',
    }
    wecom.requests.length = 0
    const done = await scanAndReturn()
    expect(done.headers.location).toBe('/app/')
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: cookieHeader(done) },
    })
    expect(me.json()).toMatchObject({
      user: { email: 'wang@corp.example', displayName: '王客服' },
      role: 'agent',
    })
    const [qr, token, info, user] = wecom.requests
    expect(qr).toMatchObject({
      path: '/wwopen/sso/qrConnect',
      query: {
        appid: wecom.corpId,
        agentid: wecom.agentId,
        redirect_uri: `http://localhost/sso/${providerId}/callback`,
      },
    })
    expect(token).toEqual({
      path: '/cgi-bin/gettoken',
      query: { corpid: wecom.corpId, corpsecret: wecom.secret },
    })
    expect(info).toEqual({
      path: '/cgi-bin/auth/getuserinfo',
      query: { access_token: 'token-2', code: 'code-1' },
    })
    expect(user).toEqual({
      path: '/cgi-bin/user/get',
      query: { access_token: 'token-2', userid: 'WangKeFu' },
    })
  })

  it('refuses a member whose departments map to no role, and a code used twice', async () => {
    wecom.member.current = {
      userid: 'ZhaoCaiWu',
      name: '赵财务',
      department: [7],
      email: 'zhao@corp.example',
    }
    const refused = await scanAndReturn()
    expect(refused.headers.location).toBe('/app/#ssoError=SSO_NO_MEMBERSHIP')

    wecom.member.current = { userid: 'WangKeFu', name: '王客服', department: [2] }
    const start = await t.app.inject({ method: 'GET', url: `/sso/${providerId}/start` })
    const scanned = await fetch(start.headers.location as string, { redirect: 'manual' })
    const back = new URL(scanned.headers.get('location')!)
    // A forged state is refused before WeCom is asked anything.
    const forged = new URL(back)
    forged.searchParams.set('state', 'forged-state-value')
    const forgedAnswer = await t.app.inject({
      method: 'GET',
      url: `${forged.pathname}${forged.search}`,
    })
    expect(forgedAnswer.headers.location).toBe('/app/#ssoError=SSO_SIGN_IN_FAILED')
    // The linked member signs in again by userid, without an e-mail from WeCom this time.
    const again = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` })
    expect(again.headers.location).toBe('/app/')
  })
})
