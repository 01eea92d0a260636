import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { connectStore, type Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { replaceChurnScores } from './churn.repository.js'
import { openRetentionPlan } from './churn.service.js'

// A rescore (replaceChurnScores) and retention plans made from the risk list at the same time,
// on both stores. The scores are made up here (not a model's): what is tested is that a plan's
// links survive the rescore and the rescore's risks land. On PostgreSQL the interleaving is forced
// with a third transaction on a second connection pool, holding a lock until the others wait:
// - A plan claims its customers' scores, then waits to insert its plan row (the third
//   transaction holds action_plans in share mode); the rescore starts meanwhile. The rescore
//   used to read the links (none yet), wait for the plan at its delete, and insert the scores
//   again without the link the plan had just committed: c1 and c2 lost their plan.
// - A rescore in pages of 4, its first page waiting for a score the third transaction holds
//   (c4); a plan for c5 and c3 (named in that order) waits for the page's c3 and must not take
//   c5 first: the page commits, the plan links both, the second page writes c5 and c6 around it.
//   Deleting and inserting the scores again, the plan's claim found its scores gone and it was
//   refused with CHURN_PLAN_ALREADY_OPEN.
// On SQLite (one writer) the same calls run at once and interleave at every await.

const DAY = 86_400_000
const NOW = Date.parse('2026-06-30T00:00:00Z')
const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']

describeEachDialect('rescoring churn while retention plans are made', (ctx) => {
  let second: Store | undefined
  let orgs = 0
  beforeAll(() => {
    second =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 2 })
        : undefined
  })
  afterAll(async () => {
    await second?.close()
  })

  async function organisation(): Promise<{ scope: Scope; ownerId: string }> {
    const db = ctx.store.db
    const org = await createOrganisation(db, `连锁${++orgs}`, NOW - 400 * DAY)
    const ownerId = await createUser(
      { db, orgId: org.id },
      {
        email: `owner${orgs}@churn-race.test`,
        displayName: '店长',
        password: 'churn-password-1',
        role: 'supervisor',
      },
      NOW - 400 * DAY,
    )
    const scope: Scope = {
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
    }
    return { scope, ownerId }
  }

  /** Scores of `customers` from model `model` at `at`; risks differ by model so a rescore shows. */
  const scores = (orgId: string, customers: string[], model: string, at: number, base: number) =>
    customers.map((customerId, i) => ({
      org_id: orgId,
      customer_id: customerId,
      model_id: model,
      unit_id: null,
      risk: base - i * 0.05,
      features: JSON.stringify({ recency: 40 + i }),
      scored_at: at,
    }))

  const stored = async (orgId: string) =>
    Object.fromEntries(
      (
        await ctx.store.db
          .selectFrom('churn_scores')
          .select(['customer_id', 'model_id', 'action_plan_id'])
          .where('org_id', '=', orgId)
          .orderBy('customer_id')
          .execute()
      ).map((r) => [r.customer_id, { model: r.model_id, plan: r.action_plan_id }]),
    )

  /**
   * On PostgreSQL: runs `lock` in a transaction on the second pool and holds it until `release`
   * is called; `pid` is its backend. On SQLite: nothing is held.
   */
  async function holdLock(lock: (trx: Store['db']) => Promise<unknown>) {
    if (!second) return { pid: 0, release: () => {}, done: Promise.resolve() }
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let pid = 0
    let locked = () => {}
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve
    })
    const done = second.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
      pid = Number(rows[0]!.pid)
      await lock(trx)
      locked()
      await released
    })
    await Promise.race([isLocked, done])
    return { pid, release, done }
  }

  // Backends waiting, directly or behind another waiter, for the lock holder `holder`.
  const waiting = async (holder: number, n: number) => {
    if (!second) return
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const { rows } = await sql<{ n: string }>`with recursive w(pid) as (
          select pid from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid))
          union
          select a.pid from pg_stat_activity a join w on w.pid = any(pg_blocking_pids(a.pid)))
        select count(*) as n from w`.execute(second.db)
      if (Number(rows[0]!.n) >= n) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`fewer than ${n} transactions waiting for the lock`)
  }

  it('a plan linked between the rescore reading the links and writing the scores keeps its link', async () => {
    const { scope, ownerId } = await organisation()
    await replaceChurnScores(
      ctx.store.db,
      scope.orgId,
      scores(scope.orgId, CUSTOMERS, 'm1', NOW - DAY, 0.9),
    )

    const hold = await holdLock((trx) => sql`lock table action_plans in share mode`.execute(trx))
    const plan = openRetentionPlan(scope, {
      customerIds: ['c1', 'c2'],
      ownerId,
      dueAt: NOW + 30 * DAY,
    })
    await waiting(hold.pid, 1)
    // The new model no longer scores c6 (say, merged): its score goes.
    const rescore = replaceChurnScores(
      ctx.store.db,
      scope.orgId,
      scores(scope.orgId, CUSTOMERS.slice(0, 5), 'm2', NOW, 0.8),
    )
    await waiting(hold.pid, 2)
    hold.release()
    const [made] = await Promise.all([plan, rescore, hold.done])

    expect(made.customers).toBe(2)
    const p = made.planId
    expect(await stored(scope.orgId)).toEqual({
      c1: { model: 'm2', plan: p },
      c2: { model: 'm2', plan: p },
      c3: { model: 'm2', plan: null },
      c4: { model: 'm2', plan: null },
      c5: { model: 'm2', plan: null },
    })
  }, 60_000)

  it('a plan waiting for a page of the rescore is linked, the rest of the rescore writes around it', async () => {
    const { scope, ownerId } = await organisation()
    await replaceChurnScores(
      ctx.store.db,
      scope.orgId,
      scores(scope.orgId, CUSTOMERS, 'm1', NOW - DAY, 0.9),
    )

    const hold = await holdLock((trx) =>
      trx
        .selectFrom('churn_scores')
        .select('customer_id')
        .where('org_id', '=', scope.orgId)
        .where('customer_id', '=', 'c4')
        .forUpdate()
        .execute(),
    )
    const rescore = replaceChurnScores(
      ctx.store.db,
      scope.orgId,
      scores(scope.orgId, CUSTOMERS, 'm2', NOW, 0.8),
      4,
    )
    await waiting(hold.pid, 1)
    const plan = openRetentionPlan(scope, {
      customerIds: ['c5', 'c3'],
      ownerId,
      dueAt: NOW + 30 * DAY,
    })
    await waiting(hold.pid, 2)
    hold.release()
    const [made] = await Promise.all([plan, rescore, hold.done])

    const p = made.planId
    expect(await stored(scope.orgId)).toEqual({
      c1: { model: 'm2', plan: null },
      c2: { model: 'm2', plan: null },
      c3: { model: 'm2', plan: p },
      c4: { model: 'm2', plan: null },
      c5: { model: 'm2', plan: p },
      c6: { model: 'm2', plan: null },
    })
    // A rescore older than the stored scores (a run that started earlier and finished later)
    // leaves them and their links as they are.
    await replaceChurnScores(
      ctx.store.db,
      scope.orgId,
      scores(scope.orgId, CUSTOMERS.slice(0, 3), 'm0', NOW - 2 * DAY, 0.5),
    )
    expect(Object.values(await stored(scope.orgId)).map((s) => s.model)).toEqual(
      Array(6).fill('m2'),
    )
    expect((await stored(scope.orgId)).c5?.plan).toBe(p)
  }, 60_000)
})
