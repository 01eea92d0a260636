import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createUser } from './auth.service.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../server/test-app.js'

/**
 * Organisations run by the instance's operator, and one person (identity) with memberships in
 * several of them, over HTTP on a real store. Each test makes the organisations it needs.
 */
describeEachDialect('operator console, memberships and the organisation switch', (ctx) => {
  let t: TestApp
  let n = 0
  const inject = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    cookie: string | { authorization: string },
    payload?: object,
  ) =>
    t.app.inject({
      method,
      url,
      headers: typeof cookie === 'string' ? { cookie } : cookie,
      ...(payload ? { payload } : {}),
    })
  const login = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: `192.0.2.${++n}`,
      payload: { email, password },
    })
  const operator = () => t.adminCookie
  /** A new organisation with a new administrator, made by the operator; signed in. */
  async function organisation(name: string, admin = `admin-${++n}@${name.toLowerCase()}.test`) {
    const res = await inject('POST', '/api/v1/operator/organisations', operator(), {
      name,
      timezone: 'Asia/Urumqi',
      admin: { email: admin, displayName: `${name} admin`, password: `${name}-admin-pw-77` },
    })
    expect(res.statusCode).toBe(201)
    const orgId = res.json().organisation.id as string
    return { orgId, email: admin, body: res.json() }
  }
  const auditOf = async (orgId: string, action: string) =>
    (
      await ctx.store.db
        .selectFrom('audit_log')
        .select(['actor_id', 'entity_id', 'detail'])
        .where('org_id', '=', orgId)
        .where('action', '=', action)
        .execute()
    ).map((r) => ({ actorId: r.actor_id, entityId: r.entity_id, detail: JSON.parse(r.detail) }))

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('the first administrator operates the instance: creates a named organisation whose administrator signs in there', async () => {
    const me = (await inject('GET', '/api/v1/auth/me', operator())).json()
    expect(me).toMatchObject({
      isOperator: true,
      memberships: [{ orgId: t.orgId, role: 'admin' }],
    })
    const b = await organisation('Bco')
    expect(b.body).toMatchObject({
      organisation: { name: 'Bco', timezone: 'Asia/Urumqi', status: 'active', members: 1 },
      admin: { email: b.email },
      existingPerson: false,
    })
    expect(b.body.generatedPassword).toBeUndefined()
    const signedIn = await login(b.email, 'Bco-admin-pw-77')
    expect(signedIn.json().role).toBe('admin')
    const bMe = (await inject('GET', '/api/v1/auth/me', cookieHeader(signedIn))).json()
    expect(bMe).toMatchObject({
      organisation: { id: b.orgId, name: 'Bco', timezone: 'Asia/Urumqi' },
      isOperator: false,
      memberships: [{ orgId: b.orgId, name: 'Bco', role: 'admin' }],
    })
    // Named by the operator: its administrator is not asked for a name.
    const settings = await inject('GET', '/api/v1/organisation', cookieHeader(signedIn))
    expect(settings.json()).toMatchObject({ name: 'Bco', named: true })
    expect(await auditOf(b.orgId, 'organisation.create')).toEqual([
      expect.objectContaining({
        entityId: b.orgId,
        detail: expect.objectContaining({ timezone: 'Asia/Urumqi' }),
      }),
    ])
    const listed = (await inject('GET', '/api/v1/operator/organisations', operator())).json()
    expect(listed.organisations.map((o: { name: string }) => o.name)).toContain('Bco')

    // Without a password, one is generated and shown once.
    const c = await inject('POST', '/api/v1/operator/organisations', operator(), {
      name: 'Cco',
      admin: { email: 'first@cco.test', displayName: 'C admin' },
    })
    expect(c.json()).toMatchObject({
      organisation: { timezone: 'Asia/Shanghai' },
      existingPerson: false,
    })
    expect((await login('first@cco.test', c.json().generatedPassword)).statusCode).toBe(200)
  })

  it('only an operator, signed in, reaches the console: not an organisation administrator, not an API token', async () => {
    const b = await organisation('Dco')
    const bAdmin = cookieHeader(await login(b.email, 'Dco-admin-pw-77'))
    for (const [method, url] of [
      ['GET', '/api/v1/operator/organisations'],
      ['POST', `/api/v1/operator/organisations/${t.orgId}/suspend`],
    ] as const) {
      const res = await inject(method, url, bAdmin)
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'OPERATOR_REQUIRED'])
    }
    const token = (
      await inject('POST', '/api/v1/tokens', operator(), { name: 'ops', role: 'admin' })
    ).json().token
    const byToken = await inject('GET', '/api/v1/operator/organisations', {
      authorization: `Bearer ${token}`,
    })
    expect(byToken.json().error.code).toBe('OPERATOR_REQUIRED')
  })

  it('a person in two organisations lists both and switches, audited in each without naming the other', async () => {
    const e = await organisation('Eco', TEST_ADMIN.email)
    expect(e.body).toMatchObject({ existingPerson: true, organisation: { members: 1 } })
    expect(e.body.generatedPassword).toBeUndefined()
    // The person's own password still signs in; the one the operator typed is not theirs.
    expect((await login(TEST_ADMIN.email, 'Eco-admin-pw-77')).json().error.code).toBe(
      'LOGIN_FAILED',
    )
    const cookie = cookieHeader(await login(TEST_ADMIN.email, TEST_ADMIN.password))
    const me = (await inject('GET', '/api/v1/auth/me', cookie)).json()
    expect(me.memberships.map((m: { orgId: string }) => m.orgId)).toEqual(
      expect.arrayContaining([t.orgId, e.orgId]),
    )
    const from = me.organisation.id as string
    const to = from === e.orgId ? t.orgId : e.orgId
    const fromUser = me.user.id as string
    const switched = await inject('POST', '/api/v1/auth/switch-organisation', cookie, { orgId: to })
    expect(switched.statusCode).toBe(200)
    const newCookie = cookieHeader(switched)
    const after = (await inject('GET', '/api/v1/auth/me', newCookie)).json()
    expect(after.organisation.id).toBe(to)
    expect(after.user.id).not.toBe(fromUser)
    // The old session ended.
    expect((await inject('GET', '/api/v1/auth/me', cookie)).statusCode).toBe(401)
    expect(await auditOf(from, 'auth.switch_out')).toEqual([
      { actorId: fromUser, entityId: fromUser, detail: {} },
    ])
    const switchIn = await auditOf(to, 'auth.switch_in')
    expect(switchIn).toEqual([
      { actorId: after.user.id, entityId: after.user.id, detail: { address: '127.0.0.1' } },
    ])
    expect(JSON.stringify(switchIn)).not.toContain(from)
    // Not a member: the same answer as for an organisation that does not exist.
    const stranger = await organisation('Fco')
    for (const orgId of [stranger.orgId, 'no-such-org']) {
      const res = await inject('POST', '/api/v1/auth/switch-organisation', newCookie, { orgId })
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'MEMBERSHIP_NOT_FOUND'])
    }
  })

  it('a suspended organisation refuses its sessions, tokens and sign-ins until resumed; a person of two signs in to the other', async () => {
    const g = await organisation('Gco')
    const gCookie = cookieHeader(await login(g.email, 'Gco-admin-pw-77'))
    const token = (
      await inject('POST', '/api/v1/tokens', gCookie, { name: 'g', role: 'viewer' })
    ).json().token
    const suspended = await inject(
      'POST',
      `/api/v1/operator/organisations/${g.orgId}/suspend`,
      operator(),
    )
    expect(suspended.json()).toMatchObject({ id: g.orgId, status: 'suspended' })
    expect(suspended.json().suspendedAt).toBe(new Date(t.clock.now).toISOString())
    for (const caller of [gCookie, { authorization: `Bearer ${token}` }]) {
      const res = await inject('GET', '/api/v1/surveys', caller)
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'ORGANISATION_SUSPENDED'])
    }
    expect((await login(g.email, 'Gco-admin-pw-77')).json().error.code).toBe(
      'ORGANISATION_SUSPENDED',
    )
    // Told only for the right password.
    expect((await login(g.email, 'wrong-password-9')).json().error.code).toBe('LOGIN_FAILED')
    // Another organisation is untouched.
    expect((await inject('GET', '/api/v1/surveys', operator())).statusCode).toBe(200)

    const resumed = await inject(
      'POST',
      `/api/v1/operator/organisations/${g.orgId}/resume`,
      operator(),
    )
    expect(resumed.json()).toMatchObject({ status: 'active', suspendedAt: null })
    expect((await inject('GET', '/api/v1/surveys', gCookie)).statusCode).toBe(200)
    expect((await auditOf(g.orgId, 'organisation.suspend')).length).toBe(1)
    expect((await auditOf(g.orgId, 'organisation.resume')).length).toBe(1)

    // A person of two organisations, one suspended, signs in to the other.
    const h = await organisation('Hco')
    await inject('POST', '/api/v1/operator/organisations', operator(), {
      name: 'Ico',
      admin: { email: h.email, displayName: 'also in I' },
    })
    const hLogin = await login(h.email, 'Hco-admin-pw-77')
    await inject('POST', `/api/v1/operator/organisations/${h.orgId}/suspend`, operator())
    const relogin = await login(h.email, 'Hco-admin-pw-77')
    const where = (await inject('GET', '/api/v1/auth/me', cookieHeader(relogin))).json()
    expect(where.organisation.name).toBe('Ico')
    expect(where.memberships.map((m: { name: string }) => m.name)).toEqual(['Ico'])
    // The session in the suspended one may still switch away.
    const away = await inject('POST', '/api/v1/auth/switch-organisation', cookieHeader(hLogin), {
      orgId: where.organisation.id,
    })
    expect(away.statusCode).toBe(200)
  })

  it('an operator whose own organisation is suspended still runs the console, and configures names and zones', async () => {
    await inject('POST', `/api/v1/operator/organisations/${t.orgId}/suspend`, operator())
    expect((await inject('GET', '/api/v1/surveys', operator())).json().error.code).toBe(
      'ORGANISATION_SUSPENDED',
    )
    const resumed = await inject(
      'POST',
      `/api/v1/operator/organisations/${t.orgId}/resume`,
      operator(),
    )
    expect(resumed.json().status).toBe('active')

    const j = await organisation('Jco')
    const renamed = await inject('PUT', `/api/v1/operator/organisations/${j.orgId}`, operator(), {
      name: '华东电力客服中心',
      timezone: 'Europe/Berlin',
    })
    expect(renamed.json()).toMatchObject({ name: '华东电力客服中心', timezone: 'Europe/Berlin' })
    const zoneOnly = await inject('PUT', `/api/v1/operator/organisations/${j.orgId}`, operator(), {
      timezone: 'Asia/Shanghai',
    })
    expect(zoneOnly.json()).toMatchObject({ name: '华东电力客服中心', timezone: 'Asia/Shanghai' })
    const bad = await inject('PUT', `/api/v1/operator/organisations/${j.orgId}`, operator(), {
      timezone: 'Mars/Olympus',
    })
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const missing = await inject('POST', '/api/v1/operator/organisations/nope/suspend', operator())
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'ORGANISATION_NOT_FOUND'])
    expect(await auditOf(j.orgId, 'organisation.configure')).toEqual([
      expect.objectContaining({ detail: { name: '华东电力客服中心', timezone: 'Europe/Berlin' } }),
      expect.objectContaining({ detail: { timezone: 'Asia/Shanghai' } }),
    ])
  })

  it('two organisations adding the same new person at once make one identity, both memberships of it', async () => {
    const orgs = await Promise.all(
      ['Kco', 'Lco'].map((name) => createOrganisation(ctx.store.db, name, t.clock.now)),
    )
    const ids = await Promise.all(
      orgs.map((o, i) =>
        ctx.store.db.transaction().execute((trx) =>
          createUser(
            { db: trx, orgId: o.id },
            {
              email: 'Same.Time@both.test',
              displayName: `at ${o.name}`,
              password: `first-come-pw-${i}7`,
              role: 'agent',
            },
            t.clock.now,
          ),
        ),
      ),
    )
    const rows = await ctx.store.db
      .selectFrom('users')
      .select(['id', 'identity_id'])
      .where('id', 'in', ids)
      .execute()
    expect(rows).toHaveLength(2)
    expect(rows[0]!.identity_id).not.toBeNull()
    expect(rows[1]!.identity_id).toBe(rows[0]!.identity_id)
    const identities = await ctx.store.db
      .selectFrom('identities')
      .select('id')
      .where('email', '=', 'same.time@both.test')
      .execute()
    expect(identities).toEqual([{ id: rows[0]!.identity_id }])
  })

  it('switching needs a session and an enabled membership: not an API token, not a disabled membership', async () => {
    const m = await organisation('Mco')
    const n = await organisation('Nco')
    const both = 'both-ways@mn.test'
    const mId = await createUser(
      { db: ctx.store.db, orgId: m.orgId },
      { email: both, displayName: 'In M', password: 'both-ways-pw-55', role: 'agent' },
      t.clock.now,
    )
    const nId = await createUser(
      { db: ctx.store.db, orgId: n.orgId },
      { email: both, displayName: 'In N', password: 'ignored-pw-5566', role: 'viewer' },
      t.clock.now,
    )
    const mCookie = cookieHeader(await login(m.email, 'Mco-admin-pw-77'))
    const token = (
      await inject('POST', '/api/v1/tokens', mCookie, { name: 'm', role: 'viewer' })
    ).json().token
    const byToken = await inject(
      'POST',
      '/api/v1/auth/switch-organisation',
      { authorization: `Bearer ${token}` },
      { orgId: n.orgId },
    )
    expect(byToken.json().error.code).toBe('TOKEN_NEEDS_SESSION')
    const person = cookieHeader(await login(both, 'both-ways-pw-55'))
    const disabled = await inject('POST', `/api/v1/users/${nId}/disable`, operator())
    // The operator is no member of N: an organisation's users are its administrators' business.
    expect(disabled.statusCode).toBe(404)
    const nAdmin = cookieHeader(await login(n.email, 'Nco-admin-pw-77'))
    expect((await inject('POST', `/api/v1/users/${nId}/disable`, nAdmin)).statusCode).toBe(200)
    const where = (await inject('GET', '/api/v1/auth/me', person)).json()
    expect(where.memberships).toEqual([{ orgId: m.orgId, name: 'Mco', role: 'agent' }])
    const refused = await inject('POST', '/api/v1/auth/switch-organisation', person, {
      orgId: n.orgId,
    })
    expect(refused.json().error.code).toBe('MEMBERSHIP_NOT_FOUND')
    expect(where.user.id).toBe(mId)
  })
})
