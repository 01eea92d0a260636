import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { createOrganisation } from '../../organisations/organisation.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

/**
 * Two administrators, the organisation's only ones, disable, delete or demote
 * each other at the same moment. Under READ COMMITTED (PostgreSQL) each
 * transaction's "is an administrator left?" check did not see the other's
 * change, both succeeded, and the organisation had no administrator. Repeated
 * here; the test fails if both succeed.
 */
describeEachDialect('the last administrator under concurrent changes', (ctx) => {
  let t: TestApp
  let n = 0

  /** A new organisation with exactly two administrators, both signed in. */
  async function twoAdmins() {
    const org = await createOrganisation(ctx.store.db, `Race ${++n}`, t.clock.now)
    const admins = []
    for (const who of ['a', 'b']) {
      const email = `${who}${n}@race.test`
      const id = await createUser(
        { db: ctx.store.db, orgId: org.id },
        { email, displayName: who, password: `race-password-${who}-1`, role: 'admin' },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: `192.0.2.${n}`,
        payload: { email, password: `race-password-${who}-1` },
      })
      expect(login.statusCode).toBe(200)
      admins.push({ id, cookie: cookieHeader(login) })
    }
    return { orgId: org.id, a: admins[0]!, b: admins[1]! }
  }
  const activeAdmins = async (orgId: string) =>
    (
      await ctx.store.db
        .selectFrom('users')
        .select('id')
        .where('org_id', '=', orgId)
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .where('deleted_at', 'is', null)
        .execute()
    ).length

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  const changes = {
    disable: (id: string) => ({ method: 'POST' as const, url: `/api/v1/users/${id}/disable` }),
    delete: (id: string) => ({ method: 'DELETE' as const, url: `/api/v1/users/${id}` }),
    demote: (id: string) => ({
      method: 'PATCH' as const,
      url: `/api/v1/users/${id}`,
      payload: { role: 'analyst' },
    }),
  }
  for (const [name, change] of Object.entries(changes)) {
    it(`two administrators ${name} each other at once: exactly one succeeds, the other gets 409 LAST_ADMIN (10 rounds)`, async () => {
      for (let round = 0; round < 10; round++) {
        const { orgId, a, b } = await twoAdmins()
        const answers = await Promise.all([
          t.app.inject({ ...change(b.id), headers: { cookie: a.cookie } }),
          t.app.inject({ ...change(a.id), headers: { cookie: b.cookie } }),
        ])
        const outcome = answers.map((r) =>
          r.statusCode < 300 ? 'ok' : `${r.statusCode} ${r.json().error.code}`,
        )
        const refused = outcome.filter((o) => o !== 'ok')
        expect([round, refused.length]).toEqual([round, 1])
        // The second may also find its caller already gone (401) or demoted (403) when the first finished before it began.
        expect(`${round} ${refused[0]}`).toMatch(
          /^\d+ (409 LAST_ADMIN|401 UNAUTHENTICATED|403 FORBIDDEN)$/,
        )
        expect([round, await activeAdmins(orgId)]).toEqual([round, 1])
      }
    })
  }
})
