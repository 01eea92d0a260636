/** A waiting promise (migration 0079): "within_percent % of visitors called within `minutes`". */
export interface WaitPromiseTable {
  org_id: string
  /** '' = the organisation's default; a unit's id = that unit and every unit below it. */
  unit_key: string
  minutes: number
  within_percent: number
  updated_by: string
  updated_at: number
}
