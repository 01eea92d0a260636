import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import {
  ACCOUNT_POLICY,
  admitLoginAttempt,
  ADDRESS_POLICY,
  throttleKeys,
} from '../../auth/login-throttle.js'
import type { FastifyInstance } from 'fastify'
import { loadConfig } from '../../config.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { buildApp } from '../app.js'
import { createTestApp, type TestApp } from '../test-app.js'

/**
 * Password guessing: an attacker rotates X-Forwarded-For so that every guess
 * seems to come from a new address, or sends guesses in parallel. Each attack
 * is repeated here; the test fails if it gets through.
 */
describeEachDialect('login throttling and lockout', (ctx) => {
  let t: TestApp
  let trusting: FastifyInstance
  const login = (
    app: TestApp | FastifyInstance,
    email: string,
    password: string,
    options: { xff?: string; from?: string } = {},
  ) =>
    ('app' in app ? app.app : app).inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      ...(options.xff ? { headers: { 'x-forwarded-for': options.xff } } : {}),
      ...(options.from ? { remoteAddress: options.from } : {}),
    })

  const auditEntries = async (action: string) =>
    (
      await ctx.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute()
    ).map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }))

  const userIds: Record<string, string> = {}

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    // A second instance on the same database, behind a proxy at the test's own address.
    trusting = await buildApp({
      store: ctx.store,
      config: loadConfig(
        {},
        { logLevel: 'silent', webDir: '/nonexistent', trustProxy: '10.0.0.0/8, 127.0.0.1' },
      ),
      clock: () => t.clock.now,
    })
    for (const name of ['target', 'victim', 'proxied']) {
      userIds[name] = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        {
          email: `${name}@test.local`,
          displayName: name,
          password: `${name}-password-1`,
          role: 'analyst',
        },
        t.clock.now,
      )
    }
  })
  afterAll(async () => {
    await t.app.close()
    await trusting.close()
  })

  it('60 guesses with a rotating X-Forwarded-For: 5 are checked, the rest get 429, the right password too', async () => {
    const answers: string[] = []
    for (let i = 0; i < 60; i++) {
      const res = await login(t, 'target@test.local', `wrong-guess-${i}`, { xff: `203.0.113.${i}` })
      answers.push(`${res.statusCode} ${res.json().error.code}`)
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('401 LOGIN_FAILED'))
    expect(answers.slice(5).filter((a) => !/^429 (LOGIN_THROTTLED|RATE_LIMITED)$/.test(a))).toEqual(
      [],
    )
    expect(answers[5]).toBe('429 LOGIN_THROTTLED')
    const right = await login(t, 'target@test.local', 'target-password-1', {
      xff: '198.51.100.1',
      from: '192.0.2.99',
    })
    expect(right.statusCode).toBe(429)
    expect(right.json().error).toMatchObject({
      code: 'LOGIN_THROTTLED',
      retryAfter: 1,
      lockedBy: 'account',
    })
    expect(right.headers['retry-after']).toBe('1')
    expect(right.cookies).toEqual([])
  })

  it('delays grow 1, 2, 4, 8, 16 s; the 10th failure locks the account for 15 minutes, from any address, and the user is told', async () => {
    const waits: number[] = []
    let res = await login(t, 'victim@test.local', 'nope-nope-1', { from: '192.0.2.1' })
    for (let i = 2; i <= 10; i++) {
      res = await login(t, 'victim@test.local', `nope-nope-${i}`, { from: `192.0.2.${i}` })
      while (res.statusCode === 429) {
        // Waiting out the delay the answer names is all it takes: the next attempt is checked.
        waits.push(res.json().error.retryAfter)
        t.clock.now += res.json().error.retryAfter * 1000
        res = await login(t, 'victim@test.local', `nope-nope-${i}`, { from: `192.0.2.${i}` })
      }
      expect(res.json().error.code).toBe('LOGIN_FAILED')
    }
    expect(waits).toEqual([1, 2, 4, 8, 16])
    const locked = await login(t, 'victim@test.local', 'victim-password-1', { from: '192.0.2.200' })
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error).toMatchObject({
      code: 'LOGIN_LOCKED',
      lockedBy: 'account',
      retryAfter: 15 * 60,
    })
    expect(Date.parse(locked.json().error.lockedUntil)).toBe(t.clock.now + 15 * 60 * 1000)
    expect(locked.cookies).toEqual([])

    // The audit log shows each failure: the user's id, address, reason, and the lock — never the
    // password, nor the e-mail (entries record ids, docs/audit.md).
    const audit = (await auditEntries('auth.login_failed')).filter(
      (e) => e.entity_id === userIds.victim,
    )
    expect(audit.every((e) => e.detail.email === undefined)).toBe(true)
    expect(audit).toHaveLength(10)
    expect(audit.map((e) => e.detail.address).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`).sort(),
    )
    expect(
      audit.every((e) => e.detail.reason === 'wrong_password' && e.actor_type === 'public'),
    ).toBe(true)
    expect(
      audit.filter((e) => (e.detail.lockedNow as string[] | undefined)?.includes('account')),
    ).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain('nope-nope')

    // After 15 minutes the right password works, and the count starts afresh.
    t.clock.now += 15 * 60 * 1000
    expect(
      (await login(t, 'victim@test.local', 'victim-password-1', { from: '192.0.2.201' }))
        .statusCode,
    ).toBe(200)
    for (let i = 0; i < 5; i++)
      expect(
        (
          await login(t, 'victim@test.local', 'after-unlock-1', { from: `192.0.2.${210 + i}` })
        ).json().error.code,
      ).toBe('LOGIN_FAILED')
  })

  it('the throttle holds on another instance of the same database', async () => {
    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'shared@test.local',
        displayName: 'shared',
        password: 'shared-password-1',
        role: 'analyst',
      },
      t.clock.now,
    )
    for (let i = 0; i < 5; i++)
      expect(
        (await login(t, 'shared@test.local', `guess-${i}-wrong`, { from: `192.0.2.${150 + i}` }))
          .statusCode,
      ).toBe(401)
    const other = await login(trusting, 'shared@test.local', 'shared-password-1', {
      from: '10.1.2.3',
    })
    expect(other.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', lockedBy: 'account' })
  })

  it('counts failures per address: rotating e-mails and X-Forwarded-For from one socket address are throttled after 20', async () => {
    const codes: string[] = []
    for (let i = 0; i < 21; i++)
      codes.push(
        (
          await login(t, `nobody-${i}@spray.test`, 'spray-password-1', {
            from: '198.51.100.77',
            xff: `203.0.113.${i}`,
          })
        ).json().error.code,
      )
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('LOGIN_FAILED'))
    const refused = await login(t, 'fresh@spray.test', 'spray-password-1', {
      from: '198.51.100.77',
      xff: '203.0.113.250',
    })
    expect(refused.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', lockedBy: 'address' })
    expect(codes[20]).toBe('LOGIN_THROTTLED')
    // Another address is not affected.
    expect(
      (await login(t, 'fresh@spray.test', 'spray-password-1', { from: '198.51.100.78' })).json()
        .error.code,
    ).toBe('LOGIN_FAILED')
  })

  it('with MANYI_TRUST_PROXY naming the proxy, X-Forwarded-For is the client address', async () => {
    for (let i = 0; i < 20; i++)
      expect(
        (
          await login(trusting, `nobody-${i}@proxied.test`, 'proxy-password-1', {
            xff: '203.0.113.9',
          })
        ).json().error.code,
      ).toBe('LOGIN_FAILED')
    const sameClient = await login(trusting, 'fresh@proxied.test', 'proxy-password-1', {
      xff: '203.0.113.9',
    })
    expect(sameClient.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', lockedBy: 'address' })
    // Another client behind the same proxy logs in, and is audited with its own address.
    const otherClient = await login(trusting, 'proxied@test.local', 'proxied-password-1', {
      xff: '203.0.113.10',
    })
    expect(otherClient.statusCode).toBe(200)
    expect(
      (await auditEntries('auth.login')).filter((e) => e.detail.address === '203.0.113.10'),
    ).toHaveLength(1)
  })

  it('a burst of parallel guesses gets no more password checks than the policy allows', async () => {
    const now = t.clock.now
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        admitLoginAttempt(
          ctx.store.db,
          throttleKeys('burst@test.local', `192.0.2.${100 + i}`),
          now,
        ),
      ),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(ACCOUNT_POLICY.delayAfter)
    // Per address, a patient guesser (one a minute, longer than any delay) is locked at the 50th failure.
    const address = throttleKeys('x@test.local', '192.0.2.250').filter((k) => k.kind === 'address')
    let admitted = 0
    let refusal: { code?: string; extra?: Record<string, unknown> } = {}
    for (let i = 0; i < 60 && !refusal.code; i++) {
      await admitLoginAttempt(ctx.store.db, address, now + i * 60_000).then(
        () => admitted++,
        (error) => (refusal = error),
      )
    }
    expect(admitted).toBe(ADDRESS_POLICY.lockAfter)
    expect(refusal).toMatchObject({
      code: 'LOGIN_LOCKED',
      extra: { lockedBy: 'address', retryAfter: 14 * 60 },
    })
  })
})
