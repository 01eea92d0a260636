import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

/**
 * A person (identity) may be a member of several organisations, and any administrator may add a
 * member with any e-mail to their own. Org A's administrator adds `ceo@b.test` to A to read who
 * tries to sign in as B's CEO, to take over the person's password, to reset or lift the lock on
 * the e-mail, or to guess on. Each attack is repeated here; the test fails if it works.
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
  const failures = async (orgId: string, userIds: string[]) =>
    (
      await ctx.store.db
        .selectFrom('audit_log')
        .select(['detail', 'entity_id'])
        .where('org_id', '=', orgId)
        .where('action', '=', 'auth.login_failed')
        .execute()
    )
      .map((e) => ({ ...JSON.parse(e.detail), entityId: e.entity_id }))
      .filter((d) => userIds.includes(d.entityId))
  /** A member of org B whom org A's administrator then adds to A, with a password of A's choosing. */
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

  it('the password A chose for the person does not sign in, and A cannot set the person’s password', async () => {
    const ceo = await shared('ceo')
    expect((await login(ceo.email, ceo.passwordA)).json().error.code).toBe('LOGIN_FAILED')
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${ceo.inA}/password`,
      headers: { cookie: t.adminCookie },
      payload: { password: 'taken-over-pw-123' },
    })
    expect(reset.json().error.code).toBe('PASSWORD_HELD_BY_PERSON')
    expect((await login(ceo.email, 'taken-over-pw-123')).json().error.code).toBe('LOGIN_FAILED')
    // The person's own password signs in, to B (never signed in to A).
    const own = await login(ceo.email, ceo.passwordB)
    expect(own.json()).toMatchObject({ user: { id: ceo.inB }, role: 'admin' })
  })

  it('a wrong password for a person of several organisations is audited in none of them; of one organisation, there', async () => {
    const cso = await shared('cso')
    expect((await login(cso.email, 'board-guess-123', '203.0.113.5')).json().error.code).toBe(
      'LOGIN_FAILED',
    )
    expect(await failures(t.orgId, [cso.inA])).toEqual([])
    expect(await failures(orgB, [cso.inB])).toEqual([])

    const cfo = await createUser(
      { db: ctx.store.db, orgId: orgB },
      { email: 'cfo@b.test', displayName: 'CFO', password: 'b-cfo-secret-1', role: 'analyst' },
      t.clock.now,
    )
    expect((await login('cfo@b.test', 'board-guess-123', '203.0.113.6')).json().error.code).toBe(
      'LOGIN_FAILED',
    )
    expect(await failures(orgB, [cfo])).toEqual([
      expect.objectContaining({ address: '203.0.113.6', reason: 'wrong_password' }),
    ])
    // Audit entries name ids, never the e-mail.
    expect(JSON.stringify(await failures(orgB, [cfo]))).not.toContain('cfo@b.test')
  })

  it('a person disabled in one organisation signs in to the other; disabled in all, is refused and audited', async () => {
    const coo = await shared('coo')
    await ctx.store.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now })
      .where('id', '=', coo.inB)
      .execute()
    expect((await login(coo.email, coo.passwordB)).json()).toMatchObject({ user: { id: coo.inA } })
    await ctx.store.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now })
      .where('id', '=', coo.inA)
      .execute()
    const res = await login(coo.email, coo.passwordB, '203.0.113.7')
    expect(res.json().error.code).toBe('USER_DISABLED')
    expect(await failures(orgB, [coo.inB])).toEqual([
      expect.objectContaining({
        address: '203.0.113.7',
        reason: 'user_disabled',
        entityId: coo.inB,
      }),
    ])
  })

  it('unlocking the person’s membership in A lets only the person’s own password through, and only into A', async () => {
    const cio = await shared('cio')
    await guess(cio.email, 10)
    expect((await login(cio.email, cio.passwordB)).json().error.code).toBe('LOGIN_LOCKED')
    const unlocked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${cio.inA}/unlock`,
      headers: { cookie: t.adminCookie },
    })
    expect(unlocked.json()).toMatchObject({ id: cio.inA, lockedUntil: null })
    // A's own choice of password is still nothing; guesses get the lock's answer.
    for (let i = 0; i < 3; i++)
      expect((await login(cio.email, `guess-after-unlock-${i}`)).json().error.code).toBe(
        'LOGIN_LOCKED',
      )
    expect((await login(cio.email, cio.passwordA)).json().error.code).toBe('LOGIN_LOCKED')
    // The person, through the pass, reaches only the membership the pass was for.
    expect((await login(cio.email, cio.passwordB)).json()).toMatchObject({ user: { id: cio.inA } })
  })
})
