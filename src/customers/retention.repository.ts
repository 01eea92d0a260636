import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { OffsetSegment } from './local-months.js'

/**
 * Retention aggregates computed in SQL (no transaction leaves the database): purchases (not
 * refunds, amount above 0) of an organisation's unmerged customers, optionally of some units and
 * within [from, to) instants, counted per first-purchase month × month. Months are read on the
 * organisation's calendar by shifting each instant by its time zone's offset (local-months.ts).
 */

export interface RetentionFilter {
  orgId: string
  /** Customers' units (undefined: every customer, units or none); never empty. */
  unitIds: readonly string[] | undefined
  /** Purchases at or after / before these instants (ms). */
  from: number | undefined
  to: number | undefined
}

/** One first-purchase month × purchase month: active customers; `repeat` on the cohort's own row. */
export interface CohortCount {
  cohort: string
  month: string
  active: number
  /** Customers of the cohort with more than one purchase (counted on the row month = cohort). */
  repeat: number
}

function purchasesWhere(alias: string, f: RetentionFilter): RawBuilder<unknown> {
  const t = sql.ref(alias)
  return sql`${t}.org_id = ${f.orgId} and ${t}.is_refund = 0 and ${t}.amount > 0
    ${f.from === undefined ? sql`` : sql`and ${t}.occurred_at >= ${f.from}`}
    ${f.to === undefined ? sql`` : sql`and ${t}.occurred_at < ${f.to}`}`
}

function customersWhere(f: RetentionFilter): RawBuilder<unknown> {
  return sql`c.org_id = ${f.orgId} and c.merged_into is null
    ${f.unitIds === undefined ? sql`` : sql`and c.unit_id in (${sql.join(f.unitIds)})`}`
}

/** The local month label of t.occurred_at: shifted by the offset of its segment (latest first). */
function localMonth(
  features: DialectFeatures,
  segments: readonly OffsetSegment[],
): RawBuilder<string> {
  const [first, ...rest] = segments
  const offset =
    rest.length === 0
      ? sql.lit(first!.offset)
      : sql`case ${sql.join(
          [...rest]
            .reverse()
            .map((s) => sql`when t.occurred_at >= ${sql.lit(s.from)} then ${sql.lit(s.offset)}`),
          sql` `,
        )} else ${sql.lit(first!.offset)} end`
  return features.utcMonthLabel(sql<number>`t.occurred_at + ${offset}`)
}

/** First and last purchase instant of the filtered purchases (null when there is none). */
export async function purchaseSpan(
  db: Db,
  f: RetentionFilter,
): Promise<{ first: number; last: number } | null> {
  const { rows } = await sql<{ first: number | string | null; last: number | string | null }>`
    select min(t.occurred_at) as first, max(t.occurred_at) as last
    from customer_transactions t
    where ${purchasesWhere('t', f)}`.execute(db)
  const row = rows[0]
  return row && row.first !== null && row.last !== null
    ? { first: Number(row.first), last: Number(row.last) }
    : null
}

/**
 * Cohort counts: each customer's purchase months (on the calendar the segments describe), their
 * first month and number of purchases, then customers per (first month, month).
 */
export async function cohortCounts(
  db: Db,
  features: DialectFeatures,
  f: RetentionFilter,
  segments: readonly OffsetSegment[],
): Promise<CohortCount[]> {
  const { rows } = await sql<{
    cohort: string
    month: string
    active: number | string
    repeat: number | string
  }>`
    with bought as (
      select t.customer_id as customer_id, ${localMonth(features, segments)} as month, count(*) as n
      from customer_transactions t
      join customers c on c.id = t.customer_id
      where ${purchasesWhere('t', f)} and ${customersWhere(f)}
      group by t.customer_id, 2
    ),
    firsts as (
      select month, n,
        min(month) over (partition by customer_id) as cohort,
        sum(n) over (partition by customer_id) as purchases
      from bought
    )
    select cohort, month, count(*) as active,
      sum(case when month = cohort and purchases > 1 then 1 else 0 end) as repeat
    from firsts
    group by cohort, month
    order by cohort, month`.execute(db)
  return rows.map((r) => ({ ...r, active: Number(r.active), repeat: Number(r.repeat) }))
}

/**
 * The answer and case links of customers with a purchase in the filter, each with the purchases
 * after it (count and spend, within the filter): bounded by answers and cases, not transactions.
 */
export interface LinkWithLaterPurchases {
  customer_id: string
  kind: 'answer' | 'case'
  source_id: string
  occurred_at: number
  facts: string
  later: number
  spend: number
}

export async function linksWithLaterPurchases(
  db: Db,
  f: RetentionFilter,
): Promise<LinkWithLaterPurchases[]> {
  const { rows } = await sql<{
    customer_id: string
    kind: 'answer' | 'case'
    source_id: string
    occurred_at: number | string
    facts: string
    later: number | string
    spend: number | string | null
  }>`
    select l.customer_id, l.kind, l.source_id, l.occurred_at, l.facts,
      (select count(*) from customer_transactions p
        where ${purchasesWhere('p', f)} and p.customer_id = l.customer_id and p.occurred_at > l.occurred_at) as later,
      (select sum(p.amount) from customer_transactions p
        where ${purchasesWhere('p', f)} and p.customer_id = l.customer_id and p.occurred_at > l.occurred_at) as spend
    from customer_links l
    join customers c on c.id = l.customer_id
    where l.org_id = ${f.orgId} and l.kind in ('answer', 'case') and ${customersWhere(f)}
      and exists (select 1 from customer_transactions p
        where ${purchasesWhere('p', f)} and p.customer_id = l.customer_id)
    order by l.customer_id, l.occurred_at, l.id`.execute(db)
  return rows.map((r) => ({
    ...r,
    occurred_at: Number(r.occurred_at),
    later: Number(r.later),
    spend: r.spend === null ? 0 : Number(r.spend),
  }))
}
