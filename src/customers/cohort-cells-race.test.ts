import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { seededRandom } from '../analytics/seeded-random.js'
import { connectStore, type Store } from '../db/connect.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { cellsByMonth, cohortState } from './cohort-cells.repository.js'
import { checkCohortCells, rebuildCohortSlice } from './cohort-cells.service.js'
import { importTransactionRows } from './customer-transactions.service.js'
import { searchCustomers } from './customer.service.js'
import { tableSource } from '../tabular/read-table.js'
import { importTransactionSource } from './transaction-file-import.js'

// The cohort cells (cohort-cells.service.ts) with writers and rebuilds at the same time, on both
// stores. On PostgreSQL the second instance is a second connection pool on the same schema; on
// SQLite (one writer) they share the store and interleave at every await, which must give the
// same cells.
// - Two rebuilds at the first build (a sweep whose lease ran out while its slice still ran, or a
//   second instance), with imports beside them: each customer is counted once. Each rebuild used
//   to find no state row, and the second started afresh beside the first's uncommitted cells:
//   the first slice's customers were counted twice (13 cells off in each of 10 rounds).
// - Two files, one all of customer 1's purchases and then one of customer 2's, the other the
//   other way round, imported at once (PostgreSQL: each in one transaction, the first held back
//   by a third transaction's lock on customer 1): both import every row once. One locked 1 then
//   2, the other 2 then 1, and PostgreSQL aborted one as a deadlock; it now runs again whole.
// - Two imports whose customers share cells, their cell writes lined up against each other
//   behind a third transaction's lock: both succeed. In the order their purchases came, one
//   wrote (first month, second month) and the other (first month, first month) first, and
//   PostgreSQL aborted one as a deadlock.

const NOW = Date.parse('2026-07-01T00:00:00Z')
const ZONE = 'Asia/Shanghai'
/** Noon UTC on the 15th of 2025's month `m` (0: January): the same month in Shanghai. */
const month = (m: number) => Date.UTC(2025, m, 15, 12)

describeEachDialect('cohort cells under concurrent writers and rebuilds', (ctx) => {
  let second: Store | undefined
  let orgs = 0
  beforeAll(() => {
    second =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 4 })
        : undefined
  })
  afterAll(async () => {
    await second?.close()
  })

  async function organisation(): Promise<Scope> {
    const org = await createOrganisation(ctx.store.db, `连锁${++orgs}`, NOW, ZONE)
    return {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'admin-1', role: 'admin' },
      now: NOW,
    }
  }
  const phone = (i: number) => `1390000${String(i).padStart(4, '0')}`
  const row = (id: string, customer: number, at: number) => ({
    id,
    customerKind: 'phone',
    customerKey: phone(customer),
    at,
    amount: 50,
  })

  // Backends waiting, directly or behind another waiter, for the lock holder `holder`.
  const waiting = async (holder: number, n: number) => {
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const { rows } = await sql<{ n: string }>`with recursive w(pid) as (
          select pid from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid))
          union
          select a.pid from pg_stat_activity a join w on w.pid = any(pg_blocking_pids(a.pid)))
        select count(*) as n from w`.execute(ctx.store.db)
      if (Number(rows[0]!.n) >= n) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`fewer than ${n} imports waiting for the lock`)
  }
  /** The customer holding phone(i). */
  const customerOf = async (scope: Scope, i: number) =>
    (await searchCustomers(scope, { q: phone(i), kind: 'phone' })).customers[0]!.id

  it('two rebuilds at the first build, imports beside them: every customer counted once', async () => {
    const random = seededRandom(ctx.dialect === 'sqlite' ? 7 : 70)
    for (let round = 0; round < 4; round++) {
      const scope = await organisation()
      let t = 0
      await importTransactionRows(scope, {
        rows: Array.from({ length: 30 }, (_, i) => row(`T${++t}`, i % 12, month(i % 9))),
      })
      // As after the upgrade: cells never built, no state row.
      await ctx.store.db
        .deleteFrom('customer_cohort_state')
        .where('org_id', '=', scope.orgId)
        .execute()
      await ctx.store.db
        .deleteFrom('customer_cohort_cells')
        .where('org_id', '=', scope.orgId)
        .execute()
      const rebuild = async (db: Db) => {
        while (!(await rebuildCohortSlice(db, scope.orgId, NOW, 5))) {}
      }
      const imports = Array.from({ length: 3 }, async () => {
        for (let k = 0; k < 3; k++)
          await importTransactionRows(scope, {
            // Customers known and new (12 and up), in any month.
            rows: Array.from({ length: 2 }, () =>
              row(`T${++t}`, Math.floor(random() * 16), month(Math.floor(random() * 9))),
            ),
          })
      })
      await Promise.all([rebuild(ctx.store.db), rebuild(second?.db ?? ctx.store.db), ...imports])
      expect((await cohortState(ctx.store.db, scope.orgId))?.complete).toBe(1)
      expect({ round, off: await checkCohortCells(ctx.store.db, scope.orgId) }).toEqual({
        round,
        off: [],
      })
    }
  }, 120_000)

  it('two imports whose customers share cells both succeed, in whatever order they met', async () => {
    const scope = await organisation()
    // One after another, so that the customers' ids (and so the order a write reads them in)
    // are 1 < 2 < 3 < 4: customer 1 bought in March and May, 2 and 3 in May, 4 in March.
    const bought: [number, number][] = [
      [1, 2],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 2],
    ]
    for (const [i, [customer, m]] of bought.entries())
      await importTransactionRows(scope, { rows: [row(`p${i}`, customer, month(m))] })
    while (!(await rebuildCohortSlice(ctx.store.db, scope.orgId, NOW))) {}
    // Customer 2 buys in March: (March, March) and (March, May) gain one, (May, May) loses one.
    const first = () => importTransactionRows(scope, { rows: [row('w1', 2, month(2))] })
    // Customer 3 buys in May again and 4 in March again: a repeat in (May, May), then in
    // (March, March) — the other way round.
    const other = () =>
      importTransactionRows(
        { ...scope, db: second?.db ?? ctx.store.db },
        { rows: [row('w2', 3, month(4)), row('w3', 4, month(2))] },
      )
    const march = 2025 * 12 + 2
    if (ctx.dialect === 'postgres') {
      // A third transaction holds (March, May): the first import waits for it; the second
      // lines up behind the first, each holding what it wrote before. Then it lets go. In the
      // order the cells came the first held (March, March) and the second (May, May).
      const results = await ctx.store.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
        const holder = rows[0]!.pid
        await trx
          .selectFrom('customer_cohort_cells')
          .select('active')
          .where('org_id', '=', scope.orgId)
          .where('cohort', '=', march)
          .where('month', '=', march + 2)
          .forUpdate()
          .execute()
        const a = first()
        await waiting(holder, 1)
        const b = other()
        await waiting(holder, 2)
        return [a, b]
      })
      const outcome = await Promise.allSettled(results)
      expect(outcome.map((o) => (o.status === 'rejected' ? String(o.reason) : 'imported'))).toEqual(
        ['imported', 'imported'],
      )
    } else await Promise.all([first(), other()])
    expect(await checkCohortCells(ctx.store.db, scope.orgId)).toEqual([])
    expect(await cellsByMonth(ctx.store.db, scope.orgId, undefined)).toEqual([
      { cohort: march, month: march, active: 3, repeat: 3 },
      { cohort: march, month: march + 2, active: 2, repeat: 0 },
      { cohort: march + 2, month: march + 2, active: 1, repeat: 1 },
    ])
  }, 60_000)
  it('two files locking the same customers in opposite orders both import every row once', async () => {
    const scope = await organisation()
    await importTransactionRows(scope, { rows: [row('s1', 1, month(0)), row('s2', 2, month(0))] })
    while (!(await rebuildCohortSlice(ctx.store.db, scope.orgId, NOW))) {}
    // 1,000 rows (a whole write batch) of one customer, then one of the other.
    const file = (name: string, first: number, then: number) =>
      tableSource({
        file: `${name}.csv`,
        headers: ['order', 'phone', 'date', 'amount'],
        rows: [
          ...Array.from({ length: 1000 }, (_, i) => [
            `${name}-${i}`,
            phone(first),
            new Date(month(1 + (i % 5))).toISOString(),
            '10',
          ]),
          [`${name}-last`, phone(then), new Date(month(6)).toISOString(), '10'],
        ],
      })
    const input = {
      customerKind: 'phone' as const,
      columns: { id: 'order', customer: 'phone', at: 'date', amount: 'amount' },
      mode: 'all-or-nothing' as const,
      unknownCustomers: 'create' as const,
    }
    const one = () => importTransactionSource(scope, file('A', 1, 2), input)
    const two = () =>
      importTransactionSource({ ...scope, db: second?.db ?? ctx.store.db }, file('B', 2, 1), input)
    let outcome: PromiseSettledResult<unknown>[]
    if (ctx.dialect === 'postgres') {
      const holder = await ctx.store.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
        const pid = rows[0]!.pid
        // Customer 1 held: the first file waits for it at its first batch; the second writes its
        // first batch (customer 2) and waits for customer 1 behind the first.
        await trx
          .selectFrom('customers')
          .select('id')
          .where('org_id', '=', scope.orgId)
          .where('id', '=', await customerOf(scope, 1))
          .forUpdate()
          .execute()
        const a = one()
        await waiting(pid, 1)
        const b = two()
        await waiting(pid, 2)
        return [a, b]
      })
      outcome = await Promise.allSettled(holder)
    } else outcome = await Promise.allSettled([one(), two()])
    expect(
      outcome.map((o) =>
        o.status === 'rejected' ? String(o.reason) : (o.value as { imported: number }).imported,
      ),
    ).toEqual([1001, 1001])
    expect(await checkCohortCells(ctx.store.db, scope.orgId)).toEqual([])
    const stored = await ctx.store.db
      .selectFrom('customer_transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', scope.orgId)
      .executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(2 + 2002)
  }, 120_000)
})
