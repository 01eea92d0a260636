/** A saved workbench analysis (migration 0025). */
export interface SavedAnalysisTable {
  id: string
  org_id: string
  name: string
  method: string
  /** JSON: {"survey": {"id", "lang"}} or {"file": {"name"}}. */
  source: string
  /** JSON: {"options", "filters", "period"}. */
  options: string
  /** JSON list of the unit ids the saver was limited to; null for the whole organisation. */
  units: string | null
  /** Membership (or token) id of whoever saved it. */
  created_by: string
  created_at: number
  updated_at: number
  last_run_at: number | null
}
