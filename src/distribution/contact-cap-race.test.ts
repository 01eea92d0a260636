import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../db/connect.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import type { Scope } from '../db/scope.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { claimSend, sendingRules, updateContactRules } from './contact-rules.service.js'

// The frequency cap between instances (issue 18): two instances on one database decide, at the
// same moment, invitations of two surveys to the same 40 addresses with "no more than once in 30
// days". On PostgreSQL the second instance is a second connection pool on the same schema; on
// SQLite (one writer) two deciders share the store and interleave at every await. Each address
// is sent exactly one of its two invitations; the other is capped, naming the first send's time.
// Deciding in two steps (read the last send, then count this one) let both through: the check
// and the count now run in one transaction after the organisation's rules-row lock.

const T0 = Date.UTC(2026, 5, 2, 2, 0)
const ADDRESSES = 40

describeEachDialect('the contact cap with two instances deciding at once', (ctx) => {
  let scope: Scope
  let second: Store | undefined

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Cap race test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-race', role: 'admin' },
      now: T0,
    }
    await updateContactRules(scope, { capDays: 30, quietFrom: null, quietTo: null })
    second =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 4 })
        : undefined
  })
  afterAll(async () => {
    await second?.close()
  })

  it('sends each address one invitation, however the two instances interleave', async () => {
    const dbA = ctx.store.db
    const dbB = second?.db ?? ctx.store.db
    const rulesA = await sendingRules(dbA, scope.orgId)
    const rulesB = await sendingRules(dbB, scope.orgId)
    expect(rulesB.capDays).toBe(30)
    const contact = (i: number) => ({ email: `race${i}@example.com`, phone: null })
    const verdicts = await Promise.all(
      Array.from({ length: ADDRESSES }, (_, i) => [
        claimSend(dbA, rulesA, contact(i), `inv-a-${i}`, T0),
        claimSend(dbB, rulesB, contact(i), `inv-b-${i}`, T0),
      ]).flat(),
    )
    for (let i = 0; i < ADDRESSES; i++) {
      const pair = [verdicts[2 * i]!, verdicts[2 * i + 1]!]
      expect(pair.filter((v) => v.send)).toHaveLength(1)
      expect(pair.find((v) => !v.send)).toEqual({
        send: false,
        reason: 'capped',
        detail: new Date(T0).toISOString(),
      })
    }
    // A day later both instances still hold every address back.
    const later = await Promise.all([
      claimSend(dbA, rulesA, contact(0), 'inv-a-later', T0 + 86_400_000),
      claimSend(dbB, rulesB, contact(1), 'inv-b-later', T0 + 86_400_000),
    ])
    expect(later.map((v) => v.send)).toEqual([false, false])
  })
})
