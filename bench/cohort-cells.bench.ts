/**
 * Cohort retention from the cohort cells against the full count, in the same run on the same
 * data: N customers with 10 purchases each (set-based, the days as bench/retention-parts.bench.ts
 * spreads them), then
 * - the retention report counted from the transactions (no cells yet: the full pass);
 * - the cells' first build (`runCohortCellRebuilds`, 5,000 customers a transaction);
 * - the same report read from the cells, checked equal to the full pass's;
 * - a writer's cost: the cells kept for 100 customers around an empty write.
 * Median of 3 (full pass) / 5 (cells) after a warm-up.
 *
 *   node --import tsx bench/cohort-cells.bench.ts sqlite|postgres [customers=100000]
 *
 * Made-up data; the numbers say how fast, not how good.
 */
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { isDeepStrictEqual } from 'node:util'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { keepingCohortCells, runCohortCellRebuilds } from '../src/customers/cohort-cells.service.js'
import { retentionReport } from '../src/customers/retention.service.js'
import { createTestStore } from '../src/db/test-store.js'

const dialect = process.argv[2] as 'sqlite' | 'postgres'
const N = Number(process.argv[3] ?? 100000)
const NOW = Date.parse('2026-11-23T04:00:00Z')
const store = await createTestStore(dialect)
await bootstrapFirstAdmin(store.db, 'bench@customers.local', 'bench-password-1', NOW)
const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
const org = scope.orgId
const db = store.db
const series = (a: number, b: number) =>
  dialect === 'postgres'
    ? sql`select g.i from generate_series(${sql.raw(String(a))}, ${sql.raw(String(b))}) g(i)`
    : sql`with recursive q(i) as (select ${sql.raw(String(a))} union all select i + 1 from q where i < ${sql.raw(String(b))}) select i from q`
const t0 = performance.now()
await sql`insert into customers (id, org_id, unit_id, source, merged_into, created_at, updated_at) select 'c' || i, ${org}, null, 'b', null, ${NOW}, ${NOW} from (${series(0, N - 1)}) s`.execute(
  db,
)
for (let k = 0; k < 10; k++)
  await sql`insert into customer_transactions (id, org_id, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, created_at)
   select 't' || i || '-' || ${sql.raw(String(k))}, ${org}, 'c' || i, 'e' || i || '-' || ${sql.raw(String(k))}, ${NOW} - cast(mod(37 * i + 53 * ${sql.raw(String(k))}, 730) as bigint) * 86400000, mod(i + 7 * ${sql.raw(String(k))}, 200) + 1, 0, null, null, 'order', ${NOW} from (${series(0, N - 1)}) s`.execute(
    db,
  )
if (dialect === 'postgres') await sql`analyze`.execute(db)
const loadSeconds = Math.round((performance.now() - t0) / 1000)

async function median(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run()
  const ts: number[] = []
  for (let i = 0; i < runs; i++) {
    const a = performance.now()
    await run()
    ts.push(performance.now() - a)
  }
  ts.sort((a, b) => a - b)
  return ts[Math.floor(ts.length / 2)]!
}

const loadBefore = loadavg().map((l) => Math.round(l * 10) / 10)
const full = await retentionReport(scope, {})
const fullMs = await median(3, () => retentionReport(scope, {}))
const b0 = performance.now()
await runCohortCellRebuilds(db, NOW)
const buildMs = performance.now() - b0
const fromCells = await retentionReport(scope, {})
if (!isDeepStrictEqual(fromCells, full)) throw new Error('The report from the cells differs.')
const cellsMs = await median(5, () => retentionReport(scope, {}))
const ids = Array.from({ length: 100 }, (_, i) => `c${(i * 997) % N}`)
const writerMs = await median(5, () =>
  db.transaction().execute((trx) => keepingCohortCells(trx, org, NOW, ids, async () => {})),
)
const cells = await sql<{
  n: number | string
}>`select count(*) as n from customer_cohort_cells`.execute(db)
console.log(
  JSON.stringify({
    dialect,
    customers: N,
    transactions: N * 10,
    loadSeconds,
    fullPassP50Ms: Math.round(fullMs),
    cellsBuildMs: Math.round(buildMs),
    cellRows: Number(cells.rows[0]!.n),
    cellsP50Ms: Math.round(cellsMs * 10) / 10,
    ratio: Math.round(fullMs / cellsMs),
    writer100CustomersP50Ms: Math.round(writerMs),
    equal: true,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg().map((l) => Math.round(l * 10) / 10),
  }),
)
await store.close?.()
process.exit(0)
