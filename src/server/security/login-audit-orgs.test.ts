import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

/**
 * An e-mail may have accounts in several organisations, and any
 * administrator may create a user with any e-mail in their own. Org A's
 * administrator creates `ceo@b.test` in A to read who tries to sign in as B's
 * CEO, to reset or lift the lock on B's CEO's e-mail, or to guess on. Each
 * attack is repeated here; the test fails if it works.
 */
describeEachDialect('sign-in across organisations sharing an e-mail', (ctx) => {
  let t: TestApp
  let orgB: string
  let n = 0
  const from = () => `198.51.100.${++n % 250}`
  const login = (email: string, password: string, remoteAddress = from()) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      payload: { email, password },
    })
  const failures = async (orgId: string, email: string) =>
    (
      await ctx.store.db
        .selectFrom('audit_log')
        .select(['detail', 'entity_id'])
        .where('org_id', '=', orgId)
        .where('action', '=', 'auth.login_failed')
        .execute()
    )
      .map((e) => ({ ...JSON.parse(e.detail), entityId: e.entity_id }))
      .filter((d) => d.email === email)
  /** A user in org B and a user with the same e-mail that org A's administrator created in A. */
  async function shared(name: string) {
    const email = `${name}@b.test`
    const inB = await createUser(
      { db: ctx.store.db, orgId: orgB },
      { email, displayName: `B ${name}`, password: `b-${name}-secret-1`, role: 'admin' },
      t.clock.now,
    )
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: t.adminCookie },
      payload: { email, displayName: 'copy', password: `a-${name}-copy-pw-1`, role: 'viewer' },
    })
    expect(created.statusCode).toBe(201)
    return {
      email,
      inB,
      inA: created.json().id as string,
      passwordB: `b-${name}-secret-1`,
      passwordA: `a-${name}-copy-pw-1`,
    }
  }
  /** Wrong guesses, waiting out each delay, until `count` have been checked. */
  async function guess(email: string, count: number) {
    for (let i = 0; i < count; i++) {
      const address = from()
      let res = await login(email, `guess-${n}-wrong`, address)
      while (res.json().error.code === 'LOGIN_THROTTLED') {
        t.clock.now += res.json().error.retryAfter * 1000
        res = await login(email, `guess-${n}-wrong`, address)
      }
      expect(res.json().error.code).toBe('LOGIN_FAILED')
    }
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    orgB = (await createOrganisation(ctx.store.db, 'B Co', t.clock.now)).id
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('a wrong password for an e-mail of several organisations is audited in none of them; of one organisation, there', async () => {
    const ceo = await shared('ceo')
    expect((await login(ceo.email, 'board-guess-123', '203.0.113.5')).json().error.code).toBe(
      'LOGIN_FAILED',
    )
    expect(await failures(t.orgId, ceo.email)).toEqual([])
    expect(await failures(orgB, ceo.email)).toEqual([])

    await createUser(
      { db: ctx.store.db, orgId: orgB },
      { email: 'cfo@b.test', displayName: 'CFO', password: 'b-cfo-secret-1', role: 'analyst' },
      t.clock.now,
    )
    expect((await login('cfo@b.test', 'board-guess-123', '203.0.113.6')).json().error.code).toBe(
      'LOGIN_FAILED',
    )
    expect(await failures(orgB, 'cfo@b.test')).toEqual([
      expect.objectContaining({ address: '203.0.113.6', reason: 'wrong_password' }),
    ])
    expect(await failures(t.orgId, 'cfo@b.test')).toEqual([])
  })

  it('a disabled account refused for the right password is audited only where the password matched', async () => {
    const coo = await shared('coo')
    await ctx.store.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now })
      .where('id', '=', coo.inB)
      .execute()
    const res = await login(coo.email, coo.passwordB, '203.0.113.7')
    expect(res.json().error.code).toBe('USER_DISABLED')
    expect(await failures(orgB, coo.email)).toEqual([
      expect.objectContaining({
        address: '203.0.113.7',
        reason: 'user_disabled',
        entityId: coo.inB,
      }),
    ])
    expect(await failures(t.orgId, coo.email)).toEqual([])
  })

  it('signing in to one’s own account of the e-mail does not reset the count on another organisation’s', async () => {
    const cto = await shared('cto')
    await guess(cto.email, 9)
    t.clock.now += 60_000
    // The attacker signs in to the copy they made in A…
    expect((await login(cto.email, cto.passwordA)).statusCode).toBe(200)
    // …and the next wrong guess is still the 10th: the e-mail is locked, for B's CTO's right password too.
    await guess(cto.email, 1)
    expect((await login(cto.email, cto.passwordB)).json().error.code).toBe('LOGIN_LOCKED')
  })

  it('unlocking one’s own user of the e-mail does not lift the lock for another organisation’s', async () => {
    const cio = await shared('cio')
    await guess(cio.email, 10)
    expect((await login(cio.email, cio.passwordB)).json().error.code).toBe('LOGIN_LOCKED')
    const unlocked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${cio.inA}/unlock`,
      headers: { cookie: t.adminCookie },
    })
    expect(unlocked.json()).toMatchObject({ id: cio.inA, lockedUntil: null })
    // B's CIO stays locked, for the right password too; only A's user is let through, for as
    // many attempts as lock an e-mail (each answered as the lock answers).
    expect((await login(cio.email, cio.passwordB)).json().error.code).toBe('LOGIN_LOCKED')
    for (let i = 0; i < 8; i++)
      expect((await login(cio.email, `guess-after-unlock-${i}`)).json().error.code).toBe(
        'LOGIN_LOCKED',
      )
    expect((await login(cio.email, cio.passwordA)).statusCode).toBe(200)
    expect((await login(cio.email, cio.passwordB)).json().error.code).toBe('LOGIN_LOCKED')
    // Spent by ten failures.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/${cio.inA}/unlock`,
          headers: { cookie: t.adminCookie },
        })
      ).json().lockedUntil,
    ).toBeNull()
    for (let i = 0; i < 10; i++)
      expect((await login(cio.email, `guess-after-unlock-${i}`)).json().error.code).toBe(
        'LOGIN_LOCKED',
      )
    expect((await login(cio.email, cio.passwordA)).json().error.code).toBe('LOGIN_LOCKED')
    const listed = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { cookie: t.adminCookie },
      })
    )
      .json()
      .users.find((u: { id: string }) => u.id === cio.inA)
    expect(listed.lockedUntil).not.toBeNull()
  })
})
