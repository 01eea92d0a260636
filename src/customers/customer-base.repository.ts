import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/**
 * The customer base per unit for complaint rates (customer-base.service.ts): how many customers a
 * unit had at given instants and how many purchases it saw between them, each in ONE grouped
 * scan with a conditional sum per instant or interval.
 */

/**
 * Per unit, the customers first met there (not merged into another) created before each of
 * `ends` (ascending instants), as counts in the order of `ends`.
 */
export async function customerCountsBefore(
  db: Db,
  orgId: string,
  q: { ends: readonly number[]; unitIds?: readonly string[] | undefined },
): Promise<Array<{ unitId: string; counts: number[] }>> {
  if (q.ends.length === 0 || q.unitIds?.length === 0) return []
  const sums = q.ends.map(
    (end, i) => sql`sum(case when created_at < ${end} then 1 else 0 end) as ${sql.ref(`c${i}`)}`,
  )
  const units = q.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...q.unitIds])})`
  const result = await sql<Record<string, string | number | null>>`
    select unit_id, ${sql.join(sums)}
    from customers
    where org_id = ${orgId} and merged_into is null and unit_id is not null
      and created_at < ${q.ends[q.ends.length - 1]!}${units}
    group by unit_id`.execute(db)
  return result.rows.map((row) => ({
    unitId: String(row.unit_id),
    counts: q.ends.map((_, i) => Number(row[`c${i}`] ?? 0)),
  }))
}

/**
 * Per unit, the purchases (transactions that are not refunds) in each interval
 * [bounds[i], bounds[i + 1]) of ascending `bounds`, as counts per interval.
 */
export async function transactionCountsBetween(
  db: Db,
  orgId: string,
  q: { bounds: readonly number[]; unitIds?: readonly string[] | undefined },
): Promise<Array<{ unitId: string; counts: number[] }>> {
  if (q.bounds.length < 2 || q.unitIds?.length === 0) return []
  const intervals = q.bounds.slice(1)
  const sums = intervals.map(
    (end, i) =>
      sql`sum(case when occurred_at >= ${q.bounds[i]!} and occurred_at < ${end} then 1 else 0 end) as ${sql.ref(`c${i}`)}`,
  )
  const units = q.unitIds === undefined ? sql`` : sql` and unit_id in (${sql.join([...q.unitIds])})`
  const result = await sql<Record<string, string | number | null>>`
    select unit_id, ${sql.join(sums)}
    from customer_transactions
    where org_id = ${orgId} and is_refund = 0 and unit_id is not null
      and occurred_at >= ${q.bounds[0]!} and occurred_at < ${q.bounds[q.bounds.length - 1]!}${units}
    group by unit_id`.execute(db)
  return result.rows.map((row) => ({
    unitId: String(row.unit_id),
    counts: intervals.map((_, i) => Number(row[`c${i}`] ?? 0)),
  }))
}

/**
 * Per unit (null: transactions without a unit, only when `unitIds` is undefined), the sales in
 * each interval [bounds[i], bounds[i + 1]) of ascending `bounds`: purchases (transactions that
 * are not refunds) and their amount, and the refunds' amount as a positive sum (refunds are the
 * transactions marked is_refund, stored with their negative amount; customer-transactions.service).
 */
export async function salesBetween(
  db: Db,
  orgId: string,
  q: { bounds: readonly number[]; unitIds?: readonly string[] | undefined },
): Promise<
  Array<{ unitId: string | null; purchases: number[]; amount: number[]; refunds: number[] }>
> {
  if (q.bounds.length < 2 || q.unitIds?.length === 0) return []
  const intervals = q.bounds.slice(1)
  const within = (i: number) =>
    sql`occurred_at >= ${q.bounds[i]!} and occurred_at < ${intervals[i]!}`
  const sums = intervals.flatMap((_, i) => [
    sql`sum(case when is_refund = 0 and ${within(i)} then 1 else 0 end) as ${sql.ref(`p${i}`)}`,
    sql`sum(case when is_refund = 0 and ${within(i)} then amount else 0 end) as ${sql.ref(`a${i}`)}`,
    sql`sum(case when is_refund = 1 and ${within(i)} then -amount else 0 end) as ${sql.ref(`r${i}`)}`,
  ])
  const units =
    q.unitIds === undefined
      ? sql``
      : sql` and unit_id is not null and unit_id in (${sql.join([...q.unitIds])})`
  const result = await sql<Record<string, string | number | null>>`
    select unit_id, ${sql.join(sums)}
    from customer_transactions
    where org_id = ${orgId}
      and occurred_at >= ${q.bounds[0]!} and occurred_at < ${q.bounds[q.bounds.length - 1]!}${units}
    group by unit_id`.execute(db)
  const column = (row: Record<string, string | number | null>, prefix: string) =>
    intervals.map((_, i) => Number(row[`${prefix}${i}`] ?? 0))
  return result.rows.map((row) => ({
    unitId: row.unit_id === null ? null : String(row.unit_id),
    purchases: column(row, 'p'),
    amount: column(row, 'a'),
    refunds: column(row, 'r'),
  }))
}

/**
 * Per customer unit (customers first met there, not merged into another; null: customers without
 * a unit, only when `unitIds` is undefined), for each window [from, to): the customers with a
 * purchase in it (a transaction that is not a refund, amount above 0 — as the repurchase rate
 * counts them, retention.repository.ts) and how many of them made more than one. ONE grouped
 * query for all the windows (they may overlap): each customer's purchases are counted per window,
 * then the customers per unit and window.
 */
export async function buyersInWindows(
  db: Db,
  orgId: string,
  q: {
    windows: ReadonlyArray<{ from: number; to: number }>
    unitIds?: readonly string[] | undefined
  },
): Promise<Array<{ unitId: string | null; buyers: number[]; repeat: number[] }>> {
  if (q.windows.length === 0 || q.unitIds?.length === 0) return []
  const units =
    q.unitIds === undefined
      ? sql``
      : sql` and c.unit_id is not null and c.unit_id in (${sql.join([...q.unitIds])})`
  const perWindow = q.windows.map(
    (w, i) =>
      sql`sum(case when t.occurred_at >= ${w.from} and t.occurred_at < ${w.to} then 1 else 0 end) as ${sql.ref(`n${i}`)}`,
  )
  const totals = q.windows.flatMap((_, i) => [
    sql`sum(case when ${sql.ref(`n${i}`)} > 0 then 1 else 0 end) as ${sql.ref(`b${i}`)}`,
    sql`sum(case when ${sql.ref(`n${i}`)} > 1 then 1 else 0 end) as ${sql.ref(`r${i}`)}`,
  ])
  const from = Math.min(...q.windows.map((w) => w.from))
  const to = Math.max(...q.windows.map((w) => w.to))
  const result = await sql<Record<string, string | number | null>>`
    select unit_id, ${sql.join(totals)}
    from (
      select c.unit_id as unit_id, t.customer_id as customer_id, ${sql.join(perWindow)}
      from customer_transactions t
      join customers c on c.id = t.customer_id
      where t.org_id = ${orgId} and t.is_refund = 0 and t.amount > 0
        and t.occurred_at >= ${from} and t.occurred_at < ${to}
        and c.org_id = ${orgId} and c.merged_into is null${units}
      group by c.unit_id, t.customer_id
    ) bought
    group by unit_id`.execute(db)
  return result.rows.map((row) => ({
    unitId: row.unit_id === null ? null : String(row.unit_id),
    buyers: q.windows.map((_, i) => Number(row[`b${i}`] ?? 0)),
    repeat: q.windows.map((_, i) => Number(row[`r${i}`] ?? 0)),
  }))
}
