/**
 * Where the cohort retention query's time goes: N customers with 10 purchases each (set-based,
 * the days as bench/customers.bench.ts spreads them), then the repository's own purchaseSpan and
 * cohortCounts beside parts of the cohort query run alone (the customer × month grouping with and
 * without the customers join, the month label per row, a customer × day integer grouping) and the
 * bare group-by-customer floor; median of 3 after one warm-up, then the grouping's query plan.
 *
 *   node --import tsx bench/retention-parts.bench.ts sqlite|postgres [customers=100000] [only]
 *
 * `only`: stop after the floor, the IN form, purchaseSpan, cohortCounts and the tried variant. Made-up data; the numbers say how fast, not how good.
 */
import { performance } from 'node:perf_hooks'
import { type RawBuilder, sql } from 'kysely'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import type { OffsetSegment } from '../src/customers/local-months.js'
import { createTestStore } from '../src/db/test-store.js'
import {
  cohortCounts,
  linksWithLaterPurchases,
  purchaseSpan,
} from '../src/customers/retention.repository.js'
const dialect = process.argv[2] as 'sqlite' | 'postgres'
const N = Number(process.argv[3] ?? 100000)
const NOW = Date.parse('2026-11-23T04:00:00Z')
const store = await createTestStore(dialect)
await bootstrapFirstAdmin(store.db, 'bench@customers.local', 'bench-password-1', NOW)
const s = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
const org = s.orgId,
  db = store.db
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
console.log('load', ((performance.now() - t0) / 1000).toFixed(1), 's')
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
