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
