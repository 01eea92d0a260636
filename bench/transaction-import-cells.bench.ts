/**
 * What keeping the cohort cells (migration 0080) costs a transaction file import: the same file
 * imported through the product's import job (startTransactionImportJob: the CSV read in a worker,
 * checked and written by importTransactionSource, all-or-nothing by default — on SQLite through
 * the staging table, each moved chunk inside `keepingCohortCells`) on two fresh stores that differ
 * only in whether the organisation's cells are built:
 * - without: the cells were never built, so `keepingCohortCells` finds nothing to keep and the
 *   write runs alone (as on a store before the job's first build);
 * - with: the product's job (`runCohortCellRebuilds`) built them after the history was imported,
 *   so every chunk's customers are recounted before and after their write.
 * Each store first gets a history file (`--history` purchases for each of `--customers` customers,
 * untimed, which creates the customers by their account number), then the timed file of `--rows`
 * purchases of the same customers on days spread over the two years before NOW (earlier and later
 * than their history, so first months move). Checks: every row imported in both; with the cells,
 * `checkCohortCells` finds them exact after the import; without, they are still not built.
 *
 *   node --import tsx bench/transaction-import-cells.bench.ts [--dialect sqlite|postgres] [--rows 100000] [--customers 10000] [--history 5] [--mode all-or-nothing|skip-invalid]
 *
 * Made-up data (seeded by the row number); the numbers say how fast, not how good.
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { cohortState } from '../src/customers/cohort-cells.repository.js'
import { checkCohortCells, runCohortCellRebuilds } from '../src/customers/cohort-cells.service.js'
import {
  getTransactionImportJob,
  LiveTransactionImports,
  startTransactionImportJob,
} from '../src/customers/transaction-import-job.service.js'
import type { DialectName } from '../src/db/dialect-features.js'
import type { Scope } from '../src/db/scope.js'
import { createTestStore } from '../src/db/test-store.js'

const NOW = Date.parse('2026-11-23T04:00:00Z')
const DAY_MS = 86_400_000

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

const dialect = arg('dialect', 'sqlite') as DialectName
const rows = Number(arg('rows', '100000'))
const customers = Number(arg('customers', '10000'))
const history = Number(arg('history', '5'))
const mode = arg('mode', 'all-or-nothing') as 'all-or-nothing' | 'skip-invalid'
const dir = process.env.BENCH_DIR ?? '/tmp'

/** Row i of a file: order <prefix><i> of customer A<i mod customers>, on day `day(i)` before NOW. */
function csv(name: string, n: number, prefix: string, day: (i: number) => number): string {
  const lines = ['order,account,date,amount']
  for (let i = 0; i < n; i++)
    lines.push(
      `${prefix}${i},A${i % customers},${new Date(NOW - day(i) * DAY_MS).toISOString().slice(0, 10)},${(i % 200) + 1}`,
    )
  const path = join(dir, `${process.pid}-${name}.csv`)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

/** One file through the import job, as an upload would; returns its report and the seconds it took. */
async function importFile(scope: Scope, path: string, expected: number) {
  const live = new LiveTransactionImports()
  const start = performance.now()
  const job = await startTransactionImportJob(
    scope,
    live,
    { name: 'transactions.csv', path },
    {
      customerKind: 'account',
      columns: { id: 'order', customer: 'account', at: 'date', amount: 'amount' },
      unknownCustomers: 'create',
      mode,
    },
  )
  await Promise.all([...live.runs])
  const seconds = (performance.now() - start) / 1000
  const done = await getTransactionImportJob(scope, live, job.id)
  if (done.status !== 'done' || done.report?.imported !== expected)
    throw new Error(
      `Import not complete: ${JSON.stringify({ ...done, report: { ...done.report, issues: done.report?.issues.slice(0, 3) } })}`,
    )
  return { seconds, report: done.report }
}

async function variant(withCells: boolean) {
  const store = await createTestStore(dialect)
  try {
    await bootstrapFirstAdmin(store.db, 'bench@customers.local', 'bench-password-1', NOW)
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
    // History: purchases on days (7i) mod 700 + 10 before NOW.
    const past = await importFile(
      scope,
      csv('history', customers * history, 'H', (i) => ((7 * i) % 700) + 10),
      customers * history,
    )
    if (past.report.createdCustomers !== customers)
      throw new Error(`History created ${past.report.createdCustomers} customers, not ${customers}`)
    // As autovacuum would within a minute of the history's import: without statistics on the
    // fresh tables PostgreSQL planned the cells' reads of the customers' purchases blind (the
    // build of 10,000 customers took 89 s, the import with the cells 336 s against 52 s without,
    // statistics arriving mid-run from another bench's analyze).
    if (dialect === 'postgres') await sql`analyze`.execute(store.db)
    if (withCells) {
      const b0 = performance.now()
      await runCohortCellRebuilds(store.db, NOW)
      console.error(`  cells built in ${((performance.now() - b0) / 1000).toFixed(1)} s`)
      if ((await cohortState(store.db, scope.orgId))?.complete !== 1)
        throw new Error('The cohort cells were not built.')
    }
    const file = csv('timed', rows, 'T', (i) => (i * 53) % 730)
    const timed = await importFile(scope, file, rows)
    const state = await cohortState(store.db, scope.orgId)
    if (withCells) {
      const differences = await checkCohortCells(store.db, scope.orgId)
      if (differences === undefined || differences.length > 0)
        throw new Error(
          `The cells are not exact after the import: ${JSON.stringify(differences?.slice(0, 3))}`,
        )
    } else if (state !== undefined && state.rebuilt_through !== null)
      throw new Error(`The cells were built meanwhile: ${JSON.stringify(state)}`)
    const result = {
      seconds: Math.round(timed.seconds * 10) / 10,
      rowsPerSecond: Math.round(rows / timed.seconds),
      historySeconds: Math.round(past.seconds * 10) / 10,
    }
    console.error(`  ${withCells ? 'with' : 'without'} cells: ${JSON.stringify(result)}`)
    return result
  } finally {
    await store.close()
  }
}

const loadBefore = loadavg().map((l) => Math.round(l * 10) / 10)
const without = await variant(false)
const withCells = await variant(true)
console.log(
  JSON.stringify({
    dialect,
    mode,
    rows,
    customers,
    historyRows: customers * history,
    withoutCells: without,
    withCells,
    ratio: Math.round((withCells.rowsPerSecond / without.rowsPerSecond) * 1000) / 1000,
    cellsExact: true,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg().map((l) => Math.round(l * 10) / 10),
  }),
)
process.exit(0)
