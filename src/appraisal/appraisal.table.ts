/** The appraisal tables (migration 0052). */

/** One version of an organisation's scoring formula; never rewritten. */
export interface AppraisalFormulaTable {
  id: string
  org_id: string
  version: number
  /** JSON: AppraisalFormulaSpec. */
  spec: string
  note: string | null
  created_by: string
  created_at: number
}

/** One revision of one unit's month: `draft` or `approved` (then immutable). */
export interface AppraisalMonthTable {
  id: string
  org_id: string
  unit_id: string
  /** YYYY-MM. */
  month: string
  revision: number
  status: string
  formula_version: number
  /** JSON: AppraisalResult[]. */
  results: string
  computed_by: string
  computed_at: number
  approved_by: string | null
  approved_at: number | null
  /** The approved revision this one replaces (null for revision 1). */
  revises_id: string | null
  /** Why an approved month was changed (null for revision 1). */
  reason: string | null
  created_at: number
}

/** An employee's objection to their result, and its answer. */
export interface AppraisalDisputeTable {
  id: string
  org_id: string
  appraisal_id: string
  employee_id: string
  text: string
  /** `open` or `answered`. */
  status: string
  answer: string | null
  answered_by: string | null
  answered_at: number | null
  created_by: string
  created_at: number
}
