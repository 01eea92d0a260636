import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, afterAll, expect, it } from 'vitest'
import { runManyi } from '../../cli/test-cli.js'
import { connectStore } from '../../db/connect.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

/**
 * Tokens that outlive their owner's rights: a demoted, disabled or deleted
 * user's token, one that never expires or cannot be revoked, a read-only
 * token that writes. Each attack is repeated here; the test fails if it works.
 */
describeEachDialect('API tokens and user lifecycle', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const DAY = 24 * 60 * 60 * 1000
  let n = 0

  /** A new colleague with a role, logged in: their id and cookie. */
  async function colleague(
    role: string,
  ): Promise<{ id: string; email: string; password: string; cookie: string }> {
    const email = `user${++n}-${role}@test.local`
    const password = `colleague-password-${n}`
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: { email, displayName: `User ${n}`, password, role },
    })
    expect(created.statusCode).toBe(201)
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: `192.0.2.${n}`,
      payload: { email, password },
    })
    expect(login.statusCode).toBe(200)
    return { id: created.json().id, email, password, cookie: cookieHeader(login) }
  }
  const createToken = (cookie: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload })
  const surveys = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/surveys', headers: bearer(token) })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('creates a token with a name, scope and default 90-day expiry, shows the secret once, lists and revokes it', async () => {
    const created = await createToken(t.adminCookie, { name: 'BI export' })
    expect(created.statusCode).toBe(201)
    const token = created.json()
    expect(token).toMatchObject({
      name: 'BI export',
      role: 'admin',
      scope: 'full',
      status: 'active',
      expiresAt: new Date(t.clock.now + 90 * DAY).toISOString(),
      revokedAt: null,
    })
    expect(token.token).toMatch(/^mny_/)
    expect((await surveys(token.token)).statusCode).toBe(200)

    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: admin() })
    ).json().tokens
    expect(listed.find((x: { id: string }) => x.id === token.id)).toMatchObject({
      name: 'BI export',
      status: 'active',
      createdBy: { email: 'admin@test.local' },
    })
    expect(JSON.stringify(listed)).not.toContain(token.token)

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tokens/${token.id}/revoke`,
      headers: admin(),
    })
    expect(revoked.json()).toMatchObject({
      id: token.id,
      status: 'revoked',
      revokedAt: new Date(t.clock.now).toISOString(),
    })
    expect((await surveys(token.token)).statusCode).toBe(401)
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', token.id)
      .orderBy('created_at')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['token.create', 'token.revoke'])

    expect(
      (await createToken(t.adminCookie, { name: 'too long', expiresInDays: 366 })).json().error
        .details[0],
    ).toMatchObject({ path: 'expiresInDays' })
  })

  it('a token stops at its expiry', async () => {
    const token = (await createToken(t.adminCookie, { name: 'one day', expiresInDays: 1 })).json()
    const lister = (await createToken(t.adminCookie, { name: 'lister', scope: 'read' })).json()
      .token
    expect((await surveys(token.token)).statusCode).toBe(200)
    const before = t.clock.now
    t.clock.now += DAY
    try {
      expect((await surveys(token.token)).statusCode).toBe(401)
      const listed = (
        await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer(lister) })
      ).json().tokens
      expect(listed.find((x: { id: string }) => x.id === token.id).status).toBe('expired')
    } finally {
      // The administrator's session (12 hours) must outlive this test.
      t.clock.now = before
    }
  })

  it('a read-only token reads but cannot write', async () => {
    const token = (await createToken(t.adminCookie, { name: 'dashboard', scope: 'read' })).json()
      .token
    expect((await surveys(token)).statusCode).toBe(200)
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: bearer(token),
      payload: SAMPLE_SURVEY,
    })
    expect(write.statusCode).toBe(403)
    expect(write.json().error).toMatchObject({ code: 'FORBIDDEN', tokenScope: 'read' })
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: bearer(token),
          payload: {
            email: 'x@test.local',
            displayName: 'X',
            password: 'sneaky-password-9',
            role: 'admin',
          },
        })
      ).statusCode,
    ).toBe(403)
  })

  it('users see and revoke only their own tokens; a token never exceeds its creator nor makes tokens', async () => {
    const analyst = await colleague('analyst')
    const own = await createToken(analyst.cookie, { name: 'my script' })
    expect(own.json()).toMatchObject({ role: 'analyst', createdBy: { id: analyst.id } })
    const higher = await createToken(analyst.cookie, { name: 'escalate', role: 'admin' })
    expect(higher.statusCode).toBe(403)
    expect(higher.json().error).toMatchObject({
      code: 'TOKEN_ROLE_NOT_ALLOWED',
      details: [{ path: 'role' }],
    })
    const fromToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(own.json().token),
      payload: { name: 'child' },
    })
    expect(fromToken.json().error.code).toBe('TOKEN_NEEDS_SESSION')

    const adminToken = (await createToken(t.adminCookie, { name: 'admin only' })).json()
    const analystList = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/tokens',
        headers: { cookie: analyst.cookie },
      })
    ).json().tokens
    expect(analystList.map((x: { name: string }) => x.name)).toEqual(['my script'])
    const steal = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tokens/${adminToken.id}/revoke`,
      headers: { cookie: analyst.cookie },
    })
    expect(steal.statusCode).toBe(404)
    expect(steal.json().error.code).toBe('TOKEN_NOT_FOUND')
    expect((await surveys(adminToken.token)).statusCode).toBe(200)
    // The administrator sees everyone's tokens and can revoke the analyst's.
    const adminList = (
      await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: admin() })
    ).json().tokens
    expect(adminList.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['my script', 'admin only']),
    )
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/tokens/${own.json().id}/revoke`,
          headers: admin(),
        })
      ).json().status,
    ).toBe('revoked')
    expect((await surveys(own.json().token)).statusCode).toBe(401)
    // A viewer cannot make tokens at all.
    const viewer = await colleague('viewer')
    expect((await createToken(viewer.cookie, { name: 'v' })).statusCode).toBe(403)
  })

  it('a token loses rights at once when its creator is demoted', async () => {
    const boss = await colleague('admin')
    const token = (await createToken(boss.cookie, { name: 'automation' })).json().token
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) }))
        .statusCode,
    ).toBe(200)
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${boss.id}`,
          headers: admin(),
          payload: { role: 'viewer' },
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) }))
        .statusCode,
    ).toBe(403)
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/surveys',
          headers: bearer(token),
          payload: SAMPLE_SURVEY,
        })
      ).statusCode,
    ).toBe(403)
    expect((await surveys(token)).statusCode).toBe(200)
    const me = (
      await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })
    ).json()
    expect(me.role).toBe('viewer')
  })

  it('disabling a user ends their sessions and tokens and refuses their login with USER_DISABLED; enabling restores it', async () => {
    const agent = await colleague('agent')
    const token = (await createToken(agent.cookie, { name: 'agent script' })).json().token
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${agent.id}/disable`,
      headers: admin(),
    })
    expect(disabled.json()).toMatchObject({ id: agent.id, status: 'disabled' })
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { cookie: agent.cookie },
        })
      ).statusCode,
    ).toBe(401)
    expect((await surveys(token)).statusCode).toBe(401)
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '192.0.2.90',
      payload: { email: agent.email, password: agent.password },
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('USER_DISABLED')
    expect(refused.cookies).toEqual([])
    // The wrong password learns nothing about the account's state.
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '192.0.2.91',
      payload: { email: agent.email, password: 'not-the-password-1' },
    })
    expect(wrong.json().error.code).toBe('LOGIN_FAILED')

    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${agent.id}/enable`,
          headers: admin(),
        })
      ).json().status,
    ).toBe('active')
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '192.0.2.92',
          payload: { email: agent.email, password: agent.password },
        })
      ).statusCode,
    ).toBe(200)
    expect((await surveys(token)).statusCode).toBe(200)
    const actions = (
      await ctx.store.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', agent.id)
        .execute()
    ).map((a) => a.action)
    expect(actions).toEqual(
      expect.arrayContaining(['user.disable', 'user.enable', 'auth.login_failed']),
    )
  })

  it('deleting a user keeps their history readable, ends their access and frees the e-mail', async () => {
    const leaver = await colleague('analyst')
    const token = (await createToken(leaver.cookie, { name: 'leaver script' })).json()
    const survey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: leaver.cookie },
      payload: SAMPLE_SURVEY,
    })
    expect(survey.statusCode).toBe(201)
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/users/${leaver.id}`,
          headers: admin(),
        })
      ).statusCode,
    ).toBe(204)

    const users = (
      await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin() })
    ).json().users
    expect(users.map((u: { id: string }) => u.id)).not.toContain(leaver.id)
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { cookie: leaver.cookie },
        })
      ).statusCode,
    ).toBe(401)
    expect((await surveys(token.token)).statusCode).toBe(401)
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '192.0.2.93',
      payload: { email: leaver.email, password: leaver.password },
    })
    expect(login.json().error.code).toBe('LOGIN_FAILED')
    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: admin() })
    ).json().tokens
    expect(listed.find((x: { id: string }) => x.id === token.id).status).toBe('revoked')
    // Their survey and its audit entry still name them.
    const row = await ctx.store.db
      .selectFrom('users')
      .select(['display_name', 'deleted_at'])
      .where('id', '=', leaver.id)
      .executeTakeFirstOrThrow()
    expect(row.display_name).toMatch(/^User \d+$/)
    expect(row.deleted_at).toBe(t.clock.now)
    const created = await ctx.store.db
      .selectFrom('audit_log')
      .select(['actor_id'])
      .where('entity_id', '=', survey.json().id)
      .executeTakeFirstOrThrow()
    expect(created.actor_id).toBe(leaver.id)
    // The e-mail can be given to a new colleague.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin(),
      payload: {
        email: leaver.email,
        displayName: 'Successor',
        password: 'successor-password-1',
        role: 'analyst',
      },
    })
    expect(again.statusCode).toBe(201)
  })

  it('never disables or deletes the last active administrator', async () => {
    const users = (
      await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin() })
    ).json().users as Array<{ id: string; email: string; role: string; status: string }>
    // Demote every other administrator so the test administrator is the last one.
    for (const u of users.filter((u) => u.role === 'admin' && u.email !== 'admin@test.local')) {
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${u.id}`,
        headers: admin(),
        payload: { role: 'analyst' },
      })
    }
    const self = users.find((u) => u.email === 'admin@test.local')!
    for (const [method, url] of [
      ['POST', `/api/v1/users/${self.id}/disable`],
      ['DELETE', `/api/v1/users/${self.id}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: admin() })
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('LAST_ADMIN')
    }
    // A disabled administrator does not count as the one that remains.
    const second = await colleague('admin')
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${second.id}/disable`,
          headers: admin(),
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${self.id}/disable`,
          headers: admin(),
        })
      ).json().error.code,
    ).toBe('LAST_ADMIN')
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin() })).statusCode,
    ).toBe(200)
  })
})

it('the CLI lists, creates and revokes tokens and disables, enables and deletes users', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-cli-'))
  const db = `sqlite:${join(dir, 'cli.db')}`
  const json = async (...args: string[]) => {
    const { code, stdout } = await runManyi([...args, '--db', db, '--json'])
    return { code, body: JSON.parse(stdout) }
  }
  try {
    const created = await json(
      'token',
      'create',
      '--name',
      'ci',
      '--role',
      'viewer',
      '--scope',
      'read',
      '--expires-in-days',
      '7',
    )
    expect(created.body).toMatchObject({
      name: 'ci',
      role: 'viewer',
      scope: 'read',
      status: 'active',
      createdBy: null,
    })
    expect((await json('token', 'create', '--name', 'x', '--expires-in-days', '400')).code).toBe(2)
    expect((await json('token', 'list')).body.tokens.map((x: { name: string }) => x.name)).toEqual([
      'ci',
    ])
    expect((await json('token', 'revoke', created.body.id)).body.status).toBe('revoked')
    expect(
      (
        await json(
          'user',
          'create',
          '--email',
          'ops@cli.test',
          '--name',
          'Ops',
          '--password',
          'ops-password-123',
          '--role',
          'agent',
        )
      ).code,
    ).toBe(0)
    expect((await json('user', 'disable', 'ops@cli.test')).body).toMatchObject({
      status: 'disabled',
    })
    expect((await json('user', 'enable', 'OPS@cli.test')).body).toMatchObject({ status: 'enabled' })
    expect((await json('user', 'delete', 'ops@cli.test')).body).toMatchObject({ status: 'deleted' })
    const gone = await json('user', 'disable', 'ops@cli.test')
    expect([gone.code, gone.body.error.code]).toEqual([4, 'USER_NOT_FOUND'])
    // The last administrator stays.
    const last = await json('user', 'delete', 'admin@manyi.local')
    expect([last.code, last.body.error.code]).toEqual([5, 'LAST_ADMIN'])
    const store = connectStore({ url: db })
    try {
      const row = await store.db
        .selectFrom('users')
        .select(['deleted_at', 'display_name'])
        .where('email', '=', 'ops@cli.test')
        .executeTakeFirstOrThrow()
      expect(row.display_name).toBe('Ops')
      expect(row.deleted_at).not.toBeNull()
    } finally {
      await store.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
