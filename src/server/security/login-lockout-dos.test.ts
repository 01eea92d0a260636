import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createUser } from '../../auth/auth.service.js'
import { addressKey } from '../../auth/client-address.js'
import { admitLoginAttempt, passKeys, throttleKeys } from '../../auth/login-throttle.js'
import { runManyi } from '../../cli/test-cli.js'
import { loadConfig } from '../../config.js'
import { connectStore } from '../../db/connect.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { buildApp } from '../app.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

/**
 * The account lock as a denial of service: anyone who knows an e-mail (the
 * administrator's) can keep it locked by guessing ten times every 15
 * minutes, and the lock refused the right password too. Each attack is
 * repeated here; the test fails if it keeps the user out.
 */
describeEachDialect('the login lock cannot keep a user out', (ctx) => {
  let t: TestApp
  let trusting: FastifyInstance
  const MINUTE = 60_000
  const DAY = 24 * 60 * MINUTE
  const login = (email: string, password: string, from: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: from,
      payload: { email, password },
    })
  const admin = () => ({ cookie: t.adminCookie })
  let n = 0
  /** Ten wrong guesses from ten addresses, waiting out each delay: the e-mail is locked for 15 minutes. */
  async function lockOut(email: string) {
    for (let i = 0; i < 10; i++) {
      const from = `198.51.100.${++n % 250}`
      let res = await login(email, `attacker-guess-${n}`, from)
      while (res.statusCode === 429 && res.json().error.code === 'LOGIN_THROTTLED') {
        t.clock.now += res.json().error.retryAfter * 1000
        res = await login(email, `attacker-guess-${n}`, from)
      }
      expect(res.json().error.code).toBe('LOGIN_FAILED')
    }
    const locked = await login(email, 'attacker-guess-again', '198.51.100.251')
    expect(locked.json().error).toMatchObject({ code: 'LOGIN_LOCKED', lockedBy: 'account' })
  }
  async function user(name: string, role = 'analyst') {
    const email = `${name}@test.local`
    const password = `${name}-password-1`
    const id = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName: name, password, role },
      t.clock.now,
    )
    return { id, email, password }
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    trusting = await buildApp({
      store: ctx.store,
      config: loadConfig(
        {},
        { logLevel: 'silent', webDir: '/nonexistent', trustProxy: '127.0.0.1' },
      ),
      clock: () => t.clock.now,
    })
  })
  afterAll(async () => {
    await t.app.close()
    await trusting.close()
  })

  it('the right password still works during the lock from an address that signed in before, and only until it fails there', async () => {
    const boss = await user('boss', 'admin')
    expect((await login(boss.email, boss.password, '192.0.2.10')).statusCode).toBe(200)
    await lockOut(boss.email)
    // Not from a new address…
    expect((await login(boss.email, boss.password, '192.0.2.11')).json().error.code).toBe(
      'LOGIN_LOCKED',
    )
    // …but from the one the user signed in from.
    const home = await login(boss.email, boss.password, '192.0.2.10')
    expect(home.statusCode).toBe(200)
    expect(home.cookies.length).toBeGreaterThan(0)
    const audited = await ctx.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'auth.login')
      .where('entity_id', '=', boss.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audited.detail)).toEqual({ address: '192.0.2.10', throughLock: true })
    // Signing in through the lock does not lift it for the guesser.
    expect((await login(boss.email, 'attacker-guess-x', '198.51.100.252')).json().error.code).toBe(
      'LOGIN_LOCKED',
    )

    // A failure from the trusted address during the lock (answered as the lock answers everyone) spends it until the lock ends.
    expect((await login(boss.email, 'typo-password-1', '192.0.2.10')).json().error.code).toBe(
      'LOGIN_LOCKED',
    )
    expect((await login(boss.email, boss.password, '192.0.2.10')).json().error.code).toBe(
      'LOGIN_LOCKED',
    )
    // The guesser locks it again after the lock: the trusted address works again.
    t.clock.now += 15 * MINUTE
    await lockOut(boss.email)
    expect((await login(boss.email, boss.password, '192.0.2.10')).statusCode).toBe(200)
  })

  it('an address that failed and brought on the lock itself is not let through it', async () => {
    const own = await user('own')
    expect((await login(own.email, own.password, '192.0.2.20')).statusCode).toBe(200)
    for (let i = 0; i < 10; i++) {
      let res = await login(own.email, `own-typo-${i}-x`, '192.0.2.20')
      while (res.json().error.code === 'LOGIN_THROTTLED') {
        t.clock.now += res.json().error.retryAfter * 1000
        res = await login(own.email, `own-typo-${i}-x`, '192.0.2.20')
      }
      expect(res.json().error.code).toBe('LOGIN_FAILED')
    }
    expect((await login(own.email, own.password, '192.0.2.20')).json().error.code).toBe(
      'LOGIN_LOCKED',
    )
  })

  it('an address trusted more than 90 days ago is not let through', async () => {
    const old = await user('old')
    expect((await login(old.email, old.password, '192.0.2.30')).statusCode).toBe(200)
    t.clock.now += 91 * DAY
    await lockOut(old.email)
    expect((await login(old.email, old.password, '192.0.2.30')).json().error.code).toBe(
      'LOGIN_LOCKED',
    )
    t.clock.now += 15 * MINUTE
    // createTestApp's session has expired: sign the administrator in again.
    t.adminCookie = cookieHeader(
      await login('admin@test.local', 'correct-horse-battery', '127.0.0.1'),
    )
  })

  it('parallel guesses from a trusted address during the lock get one password check', async () => {
    const busy = await user('busy')
    expect((await login(busy.email, busy.password, '192.0.2.40')).statusCode).toBe(200)
    await lockOut(busy.email)
    const now = t.clock.now
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        admitLoginAttempt(
          ctx.store.db,
          throttleKeys(busy.email, '192.0.2.40'),
          now,
          passKeys([busy.id], '192.0.2.40'),
        ),
      ),
    )
    expect(
      results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<{ through?: string[] }>).value.through),
    ).toEqual([[busy.id]])
  })

  it('an administrator sees the lock and unlocks the user (API, audited); the right password then works from anywhere', async () => {
    const locked = await user('locked')
    await lockOut(locked.email)
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: admin() }))
      .json()
      .users.find((u: { id: string }) => u.id === locked.id)
    expect(listed.lockedUntil).toBe(new Date(t.clock.now + 15 * MINUTE).toISOString())

    // Only an administrator.
    const analyst = await user('analyst-unlocker')
    const analystCookie = cookieHeader(await login(analyst.email, analyst.password, '192.0.2.50'))
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${locked.id}/unlock`,
          headers: { cookie: analystCookie },
        })
      ).statusCode,
    ).toBe(403)

    const unlocked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${locked.id}/unlock`,
      headers: admin(),
    })
    expect(unlocked.statusCode).toBe(200)
    expect(unlocked.json()).toMatchObject({ id: locked.id, lockedUntil: null })
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select(['actor_type', 'detail'])
      .where('action', '=', 'user.unlock')
      .where('entity_id', '=', locked.id)
      .execute()
    expect(audit.map((a) => ({ ...a, detail: JSON.parse(a.detail) }))).toEqual([
      {
        actor_type: 'user',
        // The entry's id names the user; the e-mail is never stored (docs/audit.md).
        detail: { lockedUntil: new Date(t.clock.now + 15 * MINUTE).toISOString() },
      },
    ])
    expect((await login(locked.email, locked.password, '192.0.2.51')).statusCode).toBe(200)
    // Unlocking an unlocked user changes nothing and audits nothing.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${locked.id}/unlock`,
          headers: admin(),
        })
      ).json().lockedUntil,
    ).toBeNull()
    expect(
      await ctx.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'user.unlock')
        .where('entity_id', '=', locked.id)
        .execute(),
    ).toHaveLength(1)
  })

  it('IPv6: 60 guesses from rotating addresses of one /64 behind a trusted proxy are throttled per /64', async () => {
    // Two instances behind the proxy share the database's counts (each one's own
    // flood guard of 30 logins a minute is not what is tested here).
    const another = () =>
      buildApp({
        store: ctx.store,
        config: loadConfig(
          {},
          { logLevel: 'silent', webDir: '/nonexistent', trustProxy: '127.0.0.1' },
        ),
        clock: () => t.clock.now,
      })
    const instances = [trusting, await another(), await another()]
    try {
      const codes: string[] = []
      for (let i = 0; i < 60; i++) {
        const xff = `2001:db8:77:${i % 2 ? '0' : '0000'}:${((i * 7919) & 0xffff).toString(16)}:${i.toString(16)}:abcd:${(i + 1).toString(16)}`
        const res = await instances[i % 2]!.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'x-forwarded-for': xff },
          payload: { email: `v6-${i}@spray.test`, password: 'spray-password-1' },
        })
        codes.push(res.json().error.code)
      }
      expect(codes.slice(0, 20)).toEqual(Array(20).fill('LOGIN_FAILED'))
      expect(codes.slice(20)).toEqual(Array(40).fill('LOGIN_THROTTLED'))
      const refused = await instances[2]!.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': '2001:db8:77::1' },
        payload: { email: 'v6-fresh@spray.test', password: 'spray-password-1' },
      })
      expect(refused.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', lockedBy: 'address' })
      // Another /64 is another client.
      const other = await instances[2]!.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': '2001:db8:78::1' },
        payload: { email: 'v6-fresh@spray.test', password: 'spray-password-1' },
      })
      expect(other.json().error.code).toBe('LOGIN_FAILED')
    } finally {
      await instances[1]!.close()
      await instances[2]!.close()
    }
  })

  it('IPv6: an IPv4 address written as ::ffff:a.b.c.d counts as a.b.c.d', async () => {
    for (let i = 0; i < 20; i++) {
      const xff = i % 2 ? '203.0.113.66' : '::ffff:203.0.113.66'
      expect(
        (
          await trusting.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            headers: { 'x-forwarded-for': xff },
            payload: { email: `mapped-${i}@spray.test`, password: 'spray-password-1' },
          })
        ).json().error.code,
      ).toBe('LOGIN_FAILED')
    }
    const refused = await trusting.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': '::ffff:cb00:7142' },
      payload: { email: 'mapped-x@spray.test', password: 'spray-password-1' },
    })
    expect(refused.json().error).toMatchObject({ code: 'LOGIN_THROTTLED', lockedBy: 'address' })
    expect([
      addressKey('::FFFF:203.0.113.66'),
      addressKey('2001:DB8:0:1:2:3:4:5'),
      addressKey('2001:db8::1'),
      addressKey('fe80::1%eth0'),
      addressKey('192.0.2.1'),
      addressKey('::1'),
    ]).toEqual([
      '203.0.113.66',
      '2001:db8:0:1::/64',
      '2001:db8:0:0::/64',
      'fe80:0:0:0::/64',
      '192.0.2.1',
      '0:0:0:0::/64',
    ])
  })
})

it('the CLI unlocks a user (manyi user unlock)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'manyi-cli-'))
  const db = `sqlite:${join(dir, 'cli.db')}`
  const cli = async (...args: string[]) => {
    const { code, stdout } = await runManyi([...args, '--db', db, '--json'])
    return { code, body: JSON.parse(stdout) }
  }
  try {
    expect(
      (
        await cli(
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
    const store = connectStore({ url: db })
    try {
      // Ten failures a minute apart (longer than any delay), the last a minute ago: locked for 14 more minutes.
      const start = Date.now() - 10 * 60_000
      for (let i = 0; i < 10; i++)
        await admitLoginAttempt(
          store.db,
          throttleKeys('ops@cli.test', `192.0.2.${i}`),
          start + i * 60_000,
        )
      await expect(
        admitLoginAttempt(store.db, throttleKeys('ops@cli.test', '192.0.2.99'), Date.now()),
      ).rejects.toMatchObject({ code: 'LOGIN_LOCKED' })
      expect((await cli('user', 'unlock', 'ops@cli.test')).body).toMatchObject({
        status: 'unlocked',
      })
      await expect(
        admitLoginAttempt(store.db, throttleKeys('ops@cli.test', '192.0.2.99'), Date.now()),
      ).resolves.toMatchObject({ lockedNow: [] })
      expect(
        (
          await store.db
            .selectFrom('audit_log')
            .select('action')
            .where('action', '=', 'user.unlock')
            .execute()
        ).length,
      ).toBe(1)
    } finally {
      await store.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
