/**
 * Customer lookup benchmark: N customers (default 1,000,000), each with a phone and an account
 * number sealed and indexed as the app stores them (blind index under a keyring), and a few
 * linked answers and transactions each for a sample, on SQLite or PostgreSQL. Times the search by
 * a phone typed with +86 and dashes (normalised, its blind index looked up) and the customer page.
 * With --transactions T (e.g. 10,000,000) it also loads T transactions spread over the customers
 * and the two years before NOW, set-based in SQL (INSERT … SELECT over a recursive sequence, a
 * statement per 50,000 customers), and times the customer page again and the retention report
 * (cohorts, repurchase, behaviour by group) over all of them, the churn model's feature extraction
 * (purchases summed per customer at three cutoffs in SQL, a page of customers at a time) and, as the
 * baseline in the same run, a bare count-and-sum of the transactions grouped by customer.
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
import { churnFeatureRows } from '../src/customers/churn.service.js'
import { sealedKey } from '../src/customers/customer-keys.js'
import { customerPage } from '../src/customers/customer-page.service.js'
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

const loadStart = performance.now()
const BATCH = 500
for (let from = 0; from < customers; from += BATCH) {
  const rows = []
  const keys = []
  for (let i = from; i < Math.min(customers, from + BATCH); i++) {
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
      { kind: 'account' as const, value: `88${String(i).padStart(8, '0')}` },
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
  await db.insertInto('customers').values(rows).execute()
  await db.insertInto('customer_keys').values(keys).execute()
}
const loadSeconds = (performance.now() - loadStart) / 1000

const sample = (i: number) => (i * 7919) % customers
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
let rawAggregateMs = 0
let churnFeaturesMs = 0
let churnRows = 0
let churnPages = 0
const DAY_MS = 86_400_000
if (transactions > 0) {
  const started = performance.now()
  const perCustomer = Math.ceil(transactions / customers)
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
  }
  transactionSeconds = (performance.now() - started) / 1000
  // As autovacuum would within a minute of a real import: without statistics on the freshly
  // filled tables PostgreSQL estimates one row and joins customers to transactions by a nested
  // loop (4.3 s instead of 0.2 s for the cohort query at 20,000 transactions).
  if (dialect === 'postgres') await sql`analyze`.execute(db)
  pageWithTransactions = await p50(runs, (i) => customerPage(scope, ids[i]!, async () => new Map()))
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
  let pages = 0
  churnFeaturesMs = await p50(Math.min(runs, 3), async () => {
    pages = 0
    const rows = await churnFeatureRows(db, scope.orgId, cutoffs, 90, { onProgress: () => pages++ })
    churnRows = rows.current.length
  })
  churnPages = pages
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
      retentionP50Ms: Math.round(retentionMs),
      rawAggregateP50Ms: Math.round(rawAggregateMs),
      churnFeaturesP50Ms: Math.round(churnFeaturesMs),
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
