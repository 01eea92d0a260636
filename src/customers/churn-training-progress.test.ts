import { expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { churnModelSummary, churnTraining, trainChurnModel } from './churn.service.js'
import { createCustomer } from './customer.service.js'

// A churn model training reports its progress on both stores: read 2 customers a page, the
// training under way shows 2, 4 and 5 customers read of 5 while it runs, and nothing once done;
// the finished (or failed) training never stands in for the model; a training left without an
// outcome for more than 6 hours is no longer shown as under way.

const NOW = Date.parse('2026-11-20T02:00:00Z')
const HOUR = 3_600_000

describeEachDialect('churn training progress', (ctx) => {
  it('shows customers read of all while a training runs, and nothing after', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '进度', NOW - HOUR)
    const scope = (now = NOW): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now,
    })
    for (let i = 0; i < 5; i++)
      await createCustomer(scope(), { keys: [{ kind: 'phone', value: `1370000000${i}` }] })
    expect(await churnTraining(scope())).toBeNull()

    const seen: unknown[] = []
    const done = await trainChurnModel(
      db,
      org.id,
      NOW,
      90,
      async () => {
        const training = await churnTraining(scope())
        seen.push(training && [training.customersRead, training.customersTotal])
      },
      2,
    )
    expect(seen).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ])
    expect(done).toMatchObject({ reason: 'not_enough_history', customers: 0 })
    expect(await churnTraining(scope())).toBeNull()
    expect(await churnModelSummary(scope())).toMatchObject({
      id: done.id,
      reason: 'not_enough_history',
    })

    // A training that fails is marked so: the earlier model stays the one shown.
    await expect(
      trainChurnModel(db, org.id, NOW + HOUR, 90, () => {
        throw new Error('store went away')
      }),
    ).rejects.toThrow('store went away')
    expect(await churnTraining(scope(NOW + HOUR))).toBeNull()
    expect((await churnModelSummary(scope(NOW + HOUR)))?.id).toBe(done.id)

    // A training whose process ended mid-way: shown for 6 hours, then no longer.
    const late: unknown[] = []
    await trainChurnModel(
      db,
      org.id,
      NOW + 2 * HOUR,
      90,
      async () => {
        late.push(
          (await churnTraining(scope(NOW + 3 * HOUR)))?.startedAt ?? null,
          (await churnTraining(scope(NOW + 9 * HOUR)))?.startedAt ?? null,
        )
      },
      5,
    )
    expect(late).toEqual([NOW + 2 * HOUR, null])
  })
})
