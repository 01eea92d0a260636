/** A saved customer segment (migration 0068). */
export interface CustomerSegmentTable {
  id: string
  org_id: string
  name: string
  /** Customers first met in this unit or below it; null: any unit. */
  unit_id: string | null
  /** JSON: loyalty tier codes, one of which a member holds; []: any. */
  tiers: string
  created_at: number
}
