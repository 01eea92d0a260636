import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { escapeFilterValue } from '../../auth/sso/ldap-client.js'
import { type LdapStandIn, startLdapStandIn } from '../../auth/sso/test-ldap-server.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

it('escapes a login for an LDAP filter (RFC 4515)', () => {
  expect(escapeFilterValue('a*)(uid=*))(|(uid=*')).toBe(
    'a\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a',
  )
  expect(escapeFilterValue('li\\wei\0')).toBe('li\\5cwei\\00')
})

describeEachDialect('LDAP / AD sign-in against an in-test directory (ldapjs)', (ctx) => {
  let t: TestApp
  let directory: LdapStandIn
  let providerId = ''
  const signIn = (login: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login/ldap',
      payload: { providerId, login, password },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    directory = await startLdapStandIn([
      {
        uid: 'zhou',
        cn: '周客服',
        mail: 'zhou@corp.example',
        password: 'zhou-directory-pw',
        memberOf: ['cn=cs-agents,ou=groups,dc=corp,dc=example'],
      },
      {
        uid: 'wu',
        cn: '吴会计',
        mail: 'wu@corp.example',
        password: 'wu-directory-pw',
        memberOf: ['cn=finance,ou=groups,dc=corp,dc=example'],
      },
      {
        uid: 'sun',
        cn: '孙经理',
        mail: 'sun@corp.example',
        password: 'sun-directory-pw',
        memberOf: ['cn=finance,ou=groups,dc=corp,dc=example'],
      },
    ])
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
        kind: 'ldap',
        name: '集团目录',
        secret: directory.bindPassword,
        settings: {
          url: directory.url,
          bindDn: directory.bindDn,
          searchBase: directory.searchBase,
          searchFilter: '(|(uid={login})(mail={login}))',
          roleMapping: { 'cn=cs-agents,ou=groups,dc=corp,dc=example': 'agent' },
        },
      },
    })
    expect(created.statusCode).toBe(200)
    providerId = created.json().id
  })
  afterAll(async () => {
    await directory?.close()
    await t?.app.close()
  })

  it('searches as the service account, binds as the person, and makes an agent from memberOf', async () => {
    directory.binds.length = 0
    directory.filters.length = 0
    const answer = await signIn('zhou', 'zhou-directory-pw')
    expect(answer.statusCode).toBe(200)
    expect(answer.json()).toMatchObject({
      user: { email: 'zhou@corp.example', displayName: '周客服' },
      role: 'agent',
    })
    expect(directory.binds).toEqual([
      'cn=manyi-reader,dc=corp,dc=example',
      'uid=zhou,ou=people,dc=corp,dc=example',
    ])
    expect(directory.filters).toEqual(['(|(uid=zhou)(mail=zhou))'])
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: cookieHeader(answer) },
    })
    expect(me.json().role).toBe('agent')
  })

  it('answers LOGIN_FAILED alike for a wrong password, an unknown login and a filter injection', async () => {
    for (const [login, password] of [
      ['zhou', 'wrong-password'],
      ['nobody', 'zhou-directory-pw'],
      ['*', 'zhou-directory-pw'],
    ] as const) {
      const answer = await signIn(login, password)
      expect(answer.statusCode).toBe(401)
      expect(answer.json().error.code).toBe('LOGIN_FAILED')
      expect(answer.cookies).toEqual([])
    }
    expect(directory.filters.at(-1)).toBe('(|(uid=\\2a)(mail=\\2a))')
  })

  it('makes no membership for a person whose groups map to no role', async () => {
    const answer = await signIn('wu@corp.example', 'wu-directory-pw')
    expect(answer.statusCode).toBe(403)
    expect(answer.json().error.code).toBe('SSO_NO_MEMBERSHIP')
  })

  it('signs in a member invited for single sign-on only, who has no password', async () => {
    const invite = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: t.adminCookie },
        payload: {
          email: 'sun@corp.example',
          displayName: '孙经理',
          role: 'supervisor',
          ...payload,
        },
      })
    const withPassword = await invite({ signIn: 'sso', password: 'a-password-nobody-uses-1' })
    expect(withPassword.statusCode).toBe(400)
    expect(withPassword.json().error.details).toEqual([
      { path: 'password', reason: 'is not set for a member who signs in through single sign-on' },
    ])
    const invited = await invite({ signIn: 'sso' })
    expect(invited.statusCode).toBe(201)
    // No password to guess: password sign-in fails as for anyone.
    const byPassword = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'sun@corp.example', password: 'sun-directory-pw' },
    })
    expect(byPassword.json().error.code).toBe('LOGIN_FAILED')
    // The directory vouches for the same e-mail: the invited membership (and its role) signs in,
    // although the person's groups would give no role on their own.
    const answer = await signIn('sun', 'sun-directory-pw')
    expect(answer.statusCode).toBe(200)
    expect(answer.json()).toMatchObject({ user: { email: 'sun@corp.example' }, role: 'supervisor' })
  })

  it('refuses a member without a password where no single sign-on is enabled', async () => {
    const other = await createOrganisation(ctx.store.db, 'No SSO Co', t.clock.now)
    await createUser(
      { db: ctx.store.db, orgId: other.id },
      {
        email: 'admin@nosso.test',
        displayName: 'Admin',
        password: 'nosso-admin-pass-1',
        role: 'admin',
      },
      t.clock.now,
    )
    const cookie = cookieHeader(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@nosso.test', password: 'nosso-admin-pass-1' },
      }),
    )
    const invite = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie },
        payload: { email: 'li@corp.example', displayName: '李', role: 'agent', ...payload },
      })
    const answer = await invite({ signIn: 'sso' })
    expect(answer.statusCode).toBe(409)
    expect(answer.json().error.code).toBe('SSO_NOT_OFFERED')
    const missing = await invite({})
    expect(missing.json().error.details).toEqual([{ path: 'password', reason: 'is required' }])
  })

  it('throttles guessing at a directory login as password sign-in does', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn('wu', `guess-${i}`)).json().error.code).toBe('LOGIN_FAILED')
    const sixth = await signIn('wu', 'wu-directory-pw')
    expect(sixth.statusCode).toBe(429)
    expect(sixth.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfter: 1 })
    expect(sixth.headers['retry-after']).toBe('1')
  })
})
