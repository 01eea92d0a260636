/**
 * Customer lookup benchmark: N customers (default 1,000,000), each with a phone and an account
 * number sealed and indexed as the app stores them (blind index under a keyring), and a few
 * linked answers and transactions each for a sample, on SQLite or PostgreSQL. Times the search by
 * a phone typed with +86 and dashes (normalised, its blind index looked up) and the customer page.
 * With --transactions T (e.g. 10,000,000) it also loads T transactions spread over the customers
 * and the two years before NOW, set-based in SQL (INSERT … SELECT over a recursive sequence, a
 * statement per 50,000 customers), and times the customer page again and the retention report
 * (cohorts, repurchase, behaviour by group) over all of them, the churn model's feature extraction
 * (purchases summed per customer at three cutoffs in SQL, a page of customers at a time; one run,
 * no warm-up: it is a full pass, minutes at 10,000,000) and, as the baseline in the same run, a bare
 * count-and-sum of the transactions grouped by customer.
 *
 * The SQL-loaded transactions bypass the writers that keep the cohort cells (migration 0080), so
 * the report first counts from the transactions (the full pass: computed and timed once, the
 * reference), then the product's background job (`runCohortCellRebuilds`, REBUILD_SLICE customers
 * a transaction) builds the cells — timed, progress on stderr — and the report timed is the one
 * read from the cells, checked deep-equal to the full pass's before it is timed.
 *
 *   node --import tsx bench/customers.bench.ts [--customers 1000000] [--transactions 0] [--dialect sqlite|postgres] [--runs 50]
 *
 * Data made up here (seeded), so the numbers say how fast, not how good. Targets: lookup p50 <
 * 20 ms, customer page (timeline) p50 < 50 ms, cohort retention < 1 s.
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { isDeepStrictEqual } from 'node:util'
import { churnFeatureRows } from '../src/customers/churn.service.js'
import { cohortState } from '../src/customers/cohort-cells.repository.js'
import { runCohortCellRebuilds } from '../src/customers/cohort-cells.service.js'
import { sealedKey } from '../src/customers/customer-keys.js'
import { customerPage } from '../src/customers/customer-page.service.js'
import type { CustomerKeyRow, CustomerRow } from '../src/customers/customer.repository.js'
import { searchCustomers } from '../src/customers/customer.service.js'
import { retentionReport } from '../src/customers/retention.service.js'
import type { DialectName } from '../src/db/dialect-features.js'
import { createTestStore } from '../src/db/test-store.js'
import { withDataKeys } from '../src/personal-data/data-keys-binding.js'
import { newKeyring } from '../src/personal-data/keyring.js'
import { newId } from '../src/shared/ids.js'

const NOW = Date.parse('2026-11-23T04:00:00Z')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}

async function p50(runs: number, run: (i: number) => Promise<unknown>): Promise<number> {
  await run(0)
  const times: number[] = []
  for (let i = 1; i <= runs; i++) {
    const start = performance.now()
    await run(i)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const customers = Number(arg('customers', '1000000'))
const dialect = arg('dialect', 'sqlite') as DialectName
const runs = Number(arg('runs', '50'))
const transactions = Number(arg('transactions', '0'))

const store = await createTestStore(dialect)
await bootstrapFirstAdmin(store.db, 'bench@customers.local', 'bench-password-1', NOW)
const system = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
const db = withDataKeys(store.db, newKeyring(NOW))
const scope = { ...system, db }
const phone = (i: number) => `139${String(i).padStart(8, '0')}`
const account = (i: number) => `88${String(i).padStart(8, '0')}`

/**
 * The customers and their two keys, in the stored shape the product writes (insertCustomers and
 * insertKeys in customer.repository.ts: the same rows, the keys sealed and blind-indexed by
 * `sealedKey` under the bench's keyring), but many rows per statement and one transaction per
 * LOAD_TXN customers: PostgreSQL gets each column as one array (`insert … select from unnest`),
 * SQLite multi-row VALUES within its bound-parameter limit. One statement or commit per 500
 * rows took 442 s for 100,000 customers on a loaded machine, so 1,000,000 was never loaded.
 */
const LOAD_TXN = 50_000
const SQLITE_ROWS = 2_000
function column<T, K extends keyof T>(rows: readonly T[], key: K): T[K][] {
  return rows.map((r) => r[key])
}
async function insertLoad(
  trx: typeof db,
  rows: readonly CustomerRow[],
  keys: readonly CustomerKeyRow[],
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`insert into customers (id, org_id, unit_id, source, merged_into, created_at, updated_at)
      select * from unnest(${column(rows, 'id')}::text[], ${column(rows, 'org_id')}::text[],
        ${column(rows, 'unit_id')}::text[], ${column(rows, 'source')}::text[],
        ${column(rows, 'merged_into')}::text[], ${column(rows, 'created_at')}::bigint[],
        ${column(rows, 'updated_at')}::bigint[])`.execute(trx)
    await sql`insert into customer_keys (id, org_id, customer_id, kind, lookup, value_sealed, source, created_at)
      select * from unnest(${column(keys, 'id')}::text[], ${column(keys, 'org_id')}::text[],
        ${column(keys, 'customer_id')}::text[], ${column(keys, 'kind')}::text[],
        ${column(keys, 'lookup')}::text[], ${column(keys, 'value_sealed')}::text[],
        ${column(keys, 'source')}::text[], ${column(keys, 'created_at')}::bigint[])`.execute(trx)
    return
  }
  for (let i = 0; i < rows.length; i += SQLITE_ROWS)
    await trx
      .insertInto('customers')
      .values(rows.slice(i, i + SQLITE_ROWS))
      .execute()
  for (let i = 0; i < keys.length; i += SQLITE_ROWS)
    await trx
      .insertInto('customer_keys')
      .values(keys.slice(i, i + SQLITE_ROWS))
      .execute()
}

const loadStart = performance.now()
for (let from = 0; from < customers; from += LOAD_TXN) {
  const rows: CustomerRow[] = []
  const keys: CustomerKeyRow[] = []
  for (let i = from; i < Math.min(customers, from + LOAD_TXN); i++) {
    const id = newId(NOW)
    rows.push({
      id,
      org_id: scope.orgId,
      unit_id: null,
      // The customer's ordinal, for the set-based transaction loader below.
      source: `bench:${i}`,
      merged_into: null,
      created_at: NOW,
      updated_at: NOW,
    })
    for (const key of [
      { kind: 'phone' as const, value: phone(i) },
      { kind: 'account' as const, value: account(i) },
    ])
      keys.push({
        id: newId(NOW),
        org_id: scope.orgId,
        customer_id: id,
        kind: key.kind,
        ...sealedKey(db, key),
        source: 'bench',
        created_at: NOW,
      })
  }
  await db.transaction().execute((trx) => insertLoad(trx, rows, keys))
  const done = Math.min(customers, from + LOAD_TXN)
  const elapsed = (performance.now() - loadStart) / 1000
  // Progress on stderr (stdout stays one JSON line), with the estimate for the rest at this rate.
  console.error(
    `  customers: ${done} in ${elapsed.toFixed(1)} s, about ${((elapsed / done) * (customers - done)).toFixed(0)} s to go`,
  )
}
const loadSeconds = (performance.now() - loadStart) / 1000

// As autovacuum would within a minute of a real load: without statistics on the freshly filled
// tables PostgreSQL plans the search's reads of customers and keys by guesswork.
if (dialect === 'postgres') await sql`analyze`.execute(db)

const sample = (i: number) => (i * 7919) % customers

/** Transactions the set-based loader below gives customer number c. */
const perCustomer = transactions > 0 ? Math.ceil(transactions / customers) : 0
const transactionsOf = (c: number) =>
  Math.min(perCustomer, Math.max(0, transactions - c * perCustomer))

/**
 * The stored shape, read back through the product: the phone typed with +86 and dashes finds
 * exactly customer number c (its ordinal in `source`), whose keys open to its phone and account
 * number; its account number finds the same customer; its page shows it with `withTransactions`
 * ? its loaded transactions : none. Throws otherwise, before anything is timed.
 */
async function checkShape(c: number, withTransactions: boolean): Promise<void> {
  const n = phone(c)
  const byPhone = await searchCustomers(scope, {
    q: `+86 ${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
  })
  const byAccount = await searchCustomers(scope, { q: account(c), kind: 'account' })
  const found = byPhone.customers[0]
  const keys = Object.fromEntries(found?.keys.map((k) => [k.kind, k.value]) ?? [])
  if (
    byPhone.customers.length !== 1 ||
    found!.source !== `bench:${c}` ||
    keys.phone !== n ||
    keys.account !== account(c) ||
    byAccount.customers.length !== 1 ||
    byAccount.customers[0]!.id !== found!.id
  )
    throw new Error(
      `Customer ${c} not found as stored: ${JSON.stringify({ byPhone, byAccount: byAccount.customers.map((x) => x.id) })}`,
    )
  const shown = await customerPage(scope, found!.id, async () => new Map())
  const expected = withTransactions ? transactionsOf(c) : 0
  if (shown.customer.id !== found!.id || shown.summary.transactions !== expected)
    throw new Error(
      `Customer ${c}'s page shows ${shown.summary.transactions} transactions, not ${expected}`,
    )
}
for (const c of [0, sample(1), customers - 1]) await checkShape(c, false)
const lookup = await p50(runs, (i) => {
  const n = phone(sample(i))
  return searchCustomers(scope, { q: `+86 ${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}` })
})
const ids: string[] = []
for (let i = 0; i <= runs; i++) {
  const found = await searchCustomers(scope, { q: phone(sample(i)) })
  ids.push(found.customers[0]!.id)
}
const page = await p50(runs, (i) => customerPage(scope, ids[i]!, async () => new Map()))

/**
 * T transactions, set-based: customer number c gets transactions n = 0…k−1 (k = ⌈T/N⌉, while
 * c·k + n < T), on day (37c + 53n) mod 730 before NOW, amount (c + 7n) mod 200 + 1 yuan.
 */
let transactionSeconds = 0
let pageWithTransactions = 0
let retentionMs = 0
let retentionFullPassMs = 0
let cellsBuildMs = 0
let cellRows = 0
let rawAggregateMs = 0
let churnFeaturesMs = 0
let churnRows = 0
let churnPages = 0
const DAY_MS = 86_400_000
if (transactions > 0) {
  const started = performance.now()
  const STEP = 50_000
  for (let from = 0; from < customers; from += STEP) {
    await sql`
      with recursive seq(n) as (select 0 union all select n + 1 from seq where n < ${perCustomer - 1}),
      numbered as (
        select id, cast(substr(source, 7) as integer) as c from customers
        where org_id = ${scope.orgId} and source like 'bench:%'
      )
      insert into customer_transactions
        (id, org_id, customer_id, external_id, occurred_at, amount, is_refund, unit_id, channel, type, created_at)
      select numbered.id || '-' || seq.n, ${scope.orgId}, numbered.id, 'bench-' || numbered.id || '-' || seq.n,
        ${NOW} - cast(mod(37 * numbered.c + 53 * seq.n, 730) as bigint) * 86400000,
        mod(numbered.c + 7 * seq.n, 200) + 1, 0, null, null, 'order', ${NOW}
      from numbered cross join seq
      where numbered.c >= ${from} and numbered.c < ${from + STEP}
        and numbered.c * ${perCustomer} + seq.n < ${transactions}
    `.execute(db)
    const done = Math.min(customers, from + STEP)
    const elapsed = (performance.now() - started) / 1000
    console.error(
      `  transactions of ${done} customers in ${elapsed.toFixed(1)} s, about ${((elapsed / done) * (customers - done)).toFixed(0)} s to go`,
    )
  }
  transactionSeconds = (performance.now() - started) / 1000
  // As autovacuum would within a minute of a real import: without statistics on the freshly
  // filled tables PostgreSQL estimates one row and joins customers to transactions by a nested
  // loop (4.3 s instead of 0.2 s for the cohort query at 20,000 transactions).
  if (dialect === 'postgres') await sql`analyze`.execute(db)
  for (const c of [0, sample(1), customers - 1]) await checkShape(c, true)
  pageWithTransactions = await p50(runs, (i) => customerPage(scope, ids[i]!, async () => new Map()))
  // The full pass (no cells yet): the reference result, and its time as the before figure.
  if ((await cohortState(db, scope.orgId)) !== undefined)
    throw new Error('Cohort cells exist before the build: the full pass would not be timed.')
  let stepStart = performance.now()
  const fullPass = await retentionReport(scope, {})
  retentionFullPassMs = performance.now() - stepStart
  console.error(`  retention full pass: ${(retentionFullPassMs / 1000).toFixed(1)} s`)
  // The product's job builds the cells; a poll prints how many customers it has counted so far.
  stepStart = performance.now()
  const progress = setInterval(() => {
    void (async () => {
      const through = (await cohortState(db, scope.orgId))?.rebuilt_through
      const counted = through
        ? await sql<{ n: number | string }>`select count(*) as n from customers
            where org_id = ${scope.orgId} and id <= ${through}`.execute(db)
        : undefined
      console.error(
        `  cohort cells: ${counted ? Number(counted.rows[0]!.n) : 0} of ${customers} customers in ${((performance.now() - stepStart) / 1000).toFixed(0)} s`,
      )
    })()
  }, 20_000)
  await runCohortCellRebuilds(db, NOW)
  clearInterval(progress)
  cellsBuildMs = performance.now() - stepStart
  const state = await cohortState(db, scope.orgId)
  if (state?.complete !== 1)
    throw new Error(`The cohort cells are not complete: ${JSON.stringify(state)}`)
  cellRows = Number(
    (
      await sql<{ n: number | string }>`select count(*) as n from customer_cohort_cells
        where org_id = ${scope.orgId}`.execute(db)
    ).rows[0]!.n,
  )
  console.error(`  cohort cells built in ${(cellsBuildMs / 1000).toFixed(1)} s, ${cellRows} cells`)
  const fromCells = await retentionReport(scope, {})
  if (!isDeepStrictEqual(fromCells, fullPass))
    throw new Error(
      `The report from the cells differs from the full pass: ${JSON.stringify({ fromCells, fullPass })}`,
    )
  retentionMs = await p50(Math.min(runs, 5), () => retentionReport(scope, {}))
  // The floor both figures stand on: one pass over the organisation's transactions, grouped by
  // customer (count and spend), with nothing on top - timed in the same run, on the same data.
  rawAggregateMs = await p50(Math.min(runs, 5), () =>
    sql`select count(*) as customers from (
          select customer_id, count(*) as n, sum(amount) as spend from customer_transactions
          where org_id = ${scope.orgId} and is_refund = 0 and amount > 0 group by customer_id) x`.execute(
      db,
    ),
  )
  const cutoffs = { train: NOW - 180 * DAY_MS, validation: NOW - 90 * DAY_MS, now: NOW }
  const churnStart = performance.now()
  const rows = await churnFeatureRows(db, scope.orgId, cutoffs, 90, {
    onProgress: (done) => {
      if (++churnPages % 50 === 0)
        console.error(
          `  churn features: ${done} customers in ${((performance.now() - churnStart) / 1000).toFixed(0)} s`,
        )
    },
  })
  churnRows = rows.current.length
  churnFeaturesMs = performance.now() - churnStart
}

console.log(
  JSON.stringify({
    dialect,
    customers,
    loadSeconds: Math.round(loadSeconds),
    lookupP50Ms: Math.round(lookup * 10) / 10,
    pageP50Ms: Math.round(page * 10) / 10,
    ...(transactions > 0 && {
      transactions,
      transactionLoadSeconds: Math.round(transactionSeconds),
      pageWithTransactionsP50Ms: Math.round(pageWithTransactions * 10) / 10,
      retentionFullPassMs: Math.round(retentionFullPassMs),
      cellsBuildMs: Math.round(cellsBuildMs),
      cellRows,
      retentionFromCellsEqual: true,
      retentionP50Ms: Math.round(retentionMs * 10) / 10,
      rawAggregateP50Ms: Math.round(rawAggregateMs),
      churnFeaturesOneRunMs: Math.round(churnFeaturesMs),
      churnCustomersScored: churnRows,
      churnPages,
      loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  }),
)
// close() removes the SQLite file or drops the PostgreSQL schema; destroy() would leave them behind.
await store.close()
process.exit(0)
