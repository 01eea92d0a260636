/** A unit's target for one metric and period (migration 0022). */
export interface TargetTable {
  id: string
  org_id: string
  unit_id: string
  /** nps, csat or ces. */
  metric: string
  /** month, quarter or year. */
  period_type: string
  /** `2026-11`, `2026-Q4` or `2026`. */
  period: string
  value: number
  /** manual or cascade. */
  origin: string
  /** The parent's target this one was cascaded from. */
  cascaded_from: string | null
  /** Membership (or token) id of whoever set it. */
  created_by: string
  created_at: number
  updated_at: number
}
