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
