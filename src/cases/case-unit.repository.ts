import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/** What a case's SLA outcome and recovery need, per case of a unit (case-unit-figures.service.ts). */
export interface CaseOutcomeRow {
  unitId: string
  createdAt: number
  status: string
  firstResponseDue: number
  resolutionDue: number
  firstRespondedAt: number | null
  resolvedAt: number | null
  followUpSatisfied: number | null
}

const num = (v: number | string | bigint) => Number(v)
const numOrNull = (v: number | string | bigint | null) => (v === null ? null : Number(v))

/**
 * The cases with a unit opened in [from, before), only the columns their SLA outcome and recovery
 * need (the cases_unit index of migration 0020 leads with org_id, unit_id, created_at).
 */
export async function caseOutcomeRows(
  db: Db,
  orgId: string,
  window: {
    from: number
    before: number
    /** Only cases of these units (Scope.units); absent = every unit. */
    unitIds?: readonly string[] | undefined
  },
): Promise<CaseOutcomeRow[]> {
  if (window.unitIds?.length === 0) return []
  let query = db
    .selectFrom('cases')
    .select([
      'unit_id',
      'created_at',
      'status',
      'first_response_due',
      'resolution_due',
      'first_responded_at',
      'resolved_at',
      'follow_up_satisfied',
    ])
    .where('org_id', '=', orgId)
    .where('unit_id', 'is not', null)
    // Recovery and its SLA are the complaints' (inquiries, suggestions and praise have their own).
    .where('kind', '=', 'complaint')
    .where('created_at', '>=', window.from)
    .where('created_at', '<', window.before)
  if (window.unitIds) query = query.where('unit_id', 'in', [...window.unitIds])
  const rows = await query.execute()
  return rows.map((r) => ({
    unitId: r.unit_id!,
    createdAt: num(r.created_at),
    status: r.status,
    firstResponseDue: num(r.first_response_due),
    resolutionDue: num(r.resolution_due),
    firstRespondedAt: numOrNull(r.first_responded_at),
    resolvedAt: numOrNull(r.resolved_at),
    followUpSatisfied: numOrNull(r.follow_up_satisfied),
  }))
}

/**
 * Per unit (null: cases without a unit, only when `unitIds` is undefined), the complaints (cases
 * of kind complaint) opened in each interval [bounds[i], bounds[i + 1]) of ascending `bounds`: one
 * grouped query with a conditional sum per interval.
 */
export async function complaintCountsBetween(
  db: Db,
  orgId: string,
  q: { bounds: readonly number[]; unitIds?: readonly string[] | undefined },
): Promise<Array<{ unitId: string | null; counts: number[] }>> {
  if (q.bounds.length < 2 || q.unitIds?.length === 0) return []
  const intervals = q.bounds.slice(1)
  const sums = intervals.map(
    (end, i) =>
      sql`sum(case when created_at >= ${q.bounds[i]!} and created_at < ${end} then 1 else 0 end) as ${sql.ref(`c${i}`)}`,
  )
  const units =
    q.unitIds === undefined
      ? sql``
      : sql` and unit_id is not null and unit_id in (${sql.join([...q.unitIds])})`
  const result = await sql<Record<string, string | number | null>>`
    select unit_id, ${sql.join(sums)}
    from cases
    where org_id = ${orgId} and kind = 'complaint'
      and created_at >= ${q.bounds[0]!} and created_at < ${q.bounds[q.bounds.length - 1]!}${units}
    group by unit_id`.execute(db)
  return result.rows.map((row) => ({
    unitId: row.unit_id === null ? null : String(row.unit_id),
    counts: intervals.map((_, i) => Number(row[`c${i}`] ?? 0)),
  }))
}
