/**
 * Where the cohort retention query's time goes: N customers with 10 purchases each
 * (bench/purchases-fixture.ts: set-based, the days as bench/customers.bench.ts spreads them),
 * then the repository's own purchaseSpan and cohortCounts beside parts of the cohort query run alone (the customer × month grouping with and
 * without the customers join, the month label per row, a customer × day integer grouping) and the
 * bare group-by-customer floor; median of 3 after one warm-up, then the grouping's query plan.
 *
 *   node --import tsx bench/retention-parts.bench.ts sqlite|postgres [customers=100000] [only]
 *
 * `only`: stop after the floor, the IN form, purchaseSpan, cohortCounts and the tried variants. Made-up data; the numbers say how fast, not how good.
 */
import { performance } from 'node:perf_hooks'
import { type RawBuilder, sql } from 'kysely'
import type { OffsetSegment } from '../src/customers/local-months.js'
import {
  cohortCounts,
  linksWithLaterPurchases,
  purchaseSpan,
} from '../src/customers/retention.repository.js'
import { purchasesFixture } from './purchases-fixture.js'

const dialect = process.argv[2] as 'sqlite' | 'postgres'
const N = Number(process.argv[3] ?? 100000)
const { store, org, db, loadMs } = await purchasesFixture(dialect, N)
console.log('load', (loadMs / 1000).toFixed(1), 's')
const f = { orgId: org, unitIds: undefined, from: undefined, to: undefined }
const seg: OffsetSegment[] = [{ from: 0, offset: 8 * 3600000 }]
async function time(name: string, run: () => Promise<unknown>) {
  await run()
  const ts = []
  for (let i = 0; i < 3; i++) {
    const a = performance.now()
    await run()
    ts.push(performance.now() - a)
  }
  ts.sort((a, b) => a - b)
  console.log(name, Math.round(ts[1]!), 'ms')
}
const month = store.features.utcMonthLabel(sql<number>`t.occurred_at + 28800000`)
await time('raw group by customer', () =>
  sql`select count(*) from (select customer_id, count(*), sum(amount) from customer_transactions where org_id = ${org} and is_refund = 0 and amount > 0 group by customer_id) x`.execute(
    db,
  ),
)
await time('bought with IN (customers subquery)', () =>
  sql`select count(*) from (select t.customer_id, ${month} as m, count(*) from customer_transactions t where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 and t.customer_id in (select c.id from customers c where c.org_id = ${org} and c.merged_into is null) group by t.customer_id, 2) x`.execute(
    db,
  ),
)
await time('purchaseSpan', () => purchaseSpan(db, f))
await time('cohortCounts', () => cohortCounts(db, store.features, f, seg))
const span = (await purchaseSpan(db, f))!
// Tried and not adopted: the month as a binary search over the local months' start instants
// (nested CASE, integer comparisons only) instead of a date function and a text label per row.
// Asia/Shanghai has kept UTC+8 since 1991: its months start at UTC 16:00 of the day before.
const starts: number[] = []
const local = new Date(span.first + 28_800_000)
const firstMonth = local.getUTCFullYear() * 12 + local.getUTCMonth()
for (let n = firstMonth; starts.at(-1) === undefined || starts.at(-1)! <= span.last; n++)
  starts.push(Date.UTC(Math.floor(n / 12), n % 12, 1) - 28_800_000)
const monthOf = (lo: number, hi: number): RawBuilder<number> => {
  if (hi - lo <= 1) return sql.lit(firstMonth + lo)
  const mid = (lo + hi) >> 1
  return sql`case when t.occurred_at < ${sql.lit(starts[mid]!)} then ${monthOf(lo, mid)} else ${monthOf(mid, hi)} end`
}
await time('cohort query, month by binary search (tried)', () =>
  sql`with bought as (
      select t.customer_id as customer_id, ${monthOf(0, starts.length - 1)} as month, count(*) as n
      from customer_transactions t join customers c on c.id = t.customer_id
      where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 and c.org_id = ${org} and c.merged_into is null
      group by t.customer_id, 2),
    firsts as (select month, n, min(month) over (partition by customer_id) as cohort,
      sum(n) over (partition by customer_id) as purchases from bought)
    select cohort, month, count(*) as active,
      sum(case when month = cohort and purchases > 1 then 1 else 0 end) as repeat
    from firsts group by cohort, month order by cohort, month`.execute(db),
)
// Tried for issue 18 (not in the product yet): purchases summed per customer × local month in a
// roll-up table, the design bench/RESULTS.md describes. Built here from the purchases (the
// backfill's cost), then the same cohort query reads one row per customer-month.
const monthInt =
  dialect === 'postgres'
    ? sql`(extract(year from to_timestamp((t.occurred_at + 28800000) / 1000.0) at time zone 'UTC') * 12
        + extract(month from to_timestamp((t.occurred_at + 28800000) / 1000.0) at time zone 'UTC') - 1)::integer`
    : sql`(cast(strftime('%Y', (t.occurred_at + 28800000) / 1000, 'unixepoch') as integer) * 12
        + cast(strftime('%m', (t.occurred_at + 28800000) / 1000, 'unixepoch') as integer) - 1)`
await sql`drop table if exists bench_customer_months`.execute(db)
await sql`create table bench_customer_months (org_id text not null, customer_id text not null,
  month integer not null, purchases integer not null, amount double precision not null,
  primary key (org_id, customer_id, month))`.execute(db)
const r0 = performance.now()
await sql`insert into bench_customer_months (org_id, customer_id, month, purchases, amount)
  select t.org_id, t.customer_id, ${monthInt}, count(*), sum(t.amount) from customer_transactions t
  where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 group by t.org_id, t.customer_id, 3`.execute(
  db,
)
if (dialect === 'postgres') await sql`analyze bench_customer_months`.execute(db)
const rollupRows = await sql<{
  n: number | string
}>`select count(*) as n from bench_customer_months`.execute(db)
console.log(
  'roll-up build (backfill)',
  Math.round(performance.now() - r0),
  'ms,',
  Number(rollupRows.rows[0]!.n),
  'rows',
)
const fromRollup = () =>
  sql<{ cohort: number; month: number; active: number | string; repeat: number | string }>`
    with bought as (
      select r.customer_id as customer_id, r.month as month, r.purchases as n
      from bench_customer_months r join customers c on c.id = r.customer_id
      where r.org_id = ${org} and c.org_id = ${org} and c.merged_into is null),
    firsts as (select month, n, min(month) over (partition by customer_id) as cohort,
      sum(n) over (partition by customer_id) as purchases from bought)
    select cohort, month, count(*) as active,
      sum(case when month = cohort and purchases > 1 then 1 else 0 end) as repeat
    from firsts group by cohort, month order by cohort, month`.execute(db)
await time('cohort query from the roll-up (tried)', fromRollup)
{
  // The roll-up's answer must be the product query's, cell for cell.
  const product = await cohortCounts(db, store.features, f, seg)
  const label = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
  const mine = (await fromRollup()).rows.map((r) => ({
    cohort: label(Number(r.cohort)),
    month: label(Number(r.month)),
    active: Number(r.active),
    repeat: Number(r.repeat),
  }))
  const same = JSON.stringify(mine) === JSON.stringify(product)
  console.log('roll-up equals cohortCounts:', same, product.length, 'cells')
  if (!same) process.exitCode = 1
}
// The roll-up alone still leaves one row per purchase when customers buy less than monthly (as
// here: 10 purchases 53 days apart). Tried further: the cohort cells themselves — customers per
// (customer's unit, first month, month) and the repeat buyers on the cohort's own cell — which a
// writer would keep by recounting only the customers it touched (from the roll-up above).
await sql`drop table if exists bench_cohort_cells`.execute(db)
await sql`create table bench_cohort_cells (org_id text not null, unit_id text, cohort integer not null,
  month integer not null, active integer not null, repeat integer not null)`.execute(db)
const c0 = performance.now()
await sql`insert into bench_cohort_cells (org_id, unit_id, cohort, month, active, repeat)
  select ${org}, c.unit_id, f.cohort, r.month, count(*),
    sum(case when r.month = f.cohort and f.purchases > 1 then 1 else 0 end)
  from bench_customer_months r
  join (select customer_id, min(month) as cohort, sum(purchases) as purchases
    from bench_customer_months where org_id = ${org} group by customer_id) f on f.customer_id = r.customer_id
  join customers c on c.id = r.customer_id
  where r.org_id = ${org} and c.org_id = ${org} and c.merged_into is null
  group by c.unit_id, f.cohort, r.month`.execute(db)
console.log('cohort cells build', Math.round(performance.now() - c0), 'ms')
const fromCells = () =>
  sql<{ cohort: number; month: number; active: number | string; repeat: number | string }>`
    select cohort, month, sum(active) as active, sum(repeat) as repeat from bench_cohort_cells
    where org_id = ${org} group by cohort, month order by cohort, month`.execute(db)
await time('cohort query from the cohort cells (tried)', fromCells)
{
  const product = await cohortCounts(db, store.features, f, seg)
  const label = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
  const mine = (await fromCells()).rows.map((r) => ({
    cohort: label(Number(r.cohort)),
    month: label(Number(r.month)),
    active: Number(r.active),
    repeat: Number(r.repeat),
  }))
  const same = JSON.stringify(mine) === JSON.stringify(product)
  console.log('cohort cells equal cohortCounts:', same)
  if (!same) process.exitCode = 1
}
// What a writer would pay per touched customer: its roll-up rows recounted from its purchases
// (the (customer_id, occurred_at) index) — 100 customers, one statement each.
await time("recount 100 customers' roll-up rows (tried)", async () => {
  for (let i = 0; i < 100; i++) {
    const id = `c${(i * 7919) % N}`
    await sql`delete from bench_customer_months where org_id = ${org} and customer_id = ${id}`.execute(
      db,
    )
    await sql`insert into bench_customer_months (org_id, customer_id, month, purchases, amount)
      select t.org_id, t.customer_id, ${monthInt}, count(*), sum(t.amount) from customer_transactions t
      where t.org_id = ${org} and t.customer_id = ${id} and t.is_refund = 0 and t.amount > 0
      group by t.org_id, t.customer_id, 3`.execute(db)
  }
})
if (process.argv[4] === 'only') {
  await store.close()
  process.exit(0)
}
await time('bought only (customer×month, with customers join)', () =>
  sql`select count(*) from (select t.customer_id, ${month} as m, count(*) from customer_transactions t join customers c on c.id = t.customer_id where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 and c.org_id = ${org} and c.merged_into is null group by t.customer_id, 2) x`.execute(
    db,
  ),
)
await time('bought only without join', () =>
  sql`select count(*) from (select t.customer_id, ${month} as m, count(*) from customer_transactions t where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 group by t.customer_id, 2) x`.execute(
    db,
  ),
)
await time('month label per row only', () =>
  sql`select count(distinct m) from (select ${month} as m from customer_transactions t where t.org_id = ${org}) x`.execute(
    db,
  ),
)
await time('customer×day integer (no label)', () =>
  sql`select count(*) from (select t.customer_id, (t.occurred_at + 28800000) / 86400000 as d, count(*) from customer_transactions t where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 group by t.customer_id, 2) x`.execute(
    db,
  ),
)
await time('linksWithLaterPurchases (no links)', () => linksWithLaterPurchases(db, f))
const c = sql`explain ${dialect === 'sqlite' ? sql`query plan` : sql``} select t.customer_id, ${month} as m, count(*) from customer_transactions t join customers c on c.id = t.customer_id where t.org_id = ${org} and t.is_refund = 0 and t.amount > 0 and c.org_id = ${org} and c.merged_into is null group by t.customer_id, 2`
console.log(JSON.stringify((await c.execute(db)).rows))
await store.close()
process.exit(0)
