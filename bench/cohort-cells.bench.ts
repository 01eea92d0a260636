/**
 * Cohort retention from the cohort cells against the full count, in the same run on the same
 * data: N customers with 10 purchases each (bench/purchases-fixture.ts, as
 * bench/retention-parts.bench.ts has them), then
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
import { keepingCohortCells, runCohortCellRebuilds } from '../src/customers/cohort-cells.service.js'
import { retentionReport } from '../src/customers/retention.service.js'
import { NOW, PURCHASES_EACH, purchasesFixture } from './purchases-fixture.js'

const dialect = process.argv[2] as 'sqlite' | 'postgres'
const N = Number(process.argv[3] ?? 100000)
const { store, scope, org, db, loadMs } = await purchasesFixture(dialect, N)
const loadSeconds = Math.round(loadMs / 1000)

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
    transactions: N * PURCHASES_EACH,
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
