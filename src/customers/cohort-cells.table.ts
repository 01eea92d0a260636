/** One cohort cell (migration 0080): customers of a unit by first-purchase month × month. */
export interface CustomerCohortCellTable {
  org_id: string
  /** The customers' unit; '' for customers without one. */
  unit_id: string
  /** Month of the first purchase, months since year 0 on the organisation's calendar. */
  cohort: number
  /** A month with a purchase (≥ cohort). */
  month: number
  /** Customers of the cohort buying in the month. */
  active: number
  /** On the cohort's own month: its customers with more than one purchase; 0 elsewhere. */
  repeat: number
}

/** How far an organisation's cohort cells are built, and on which calendar (migration 0080). */
export interface CustomerCohortStateTable {
  org_id: string
  time_zone: string
  /** The cells hold the customers with id ≤ this (null: none yet), unless complete. */
  rebuilt_through: string | null
  /** 1: the cells hold every customer of the organisation. */
  complete: number
  updated_at: number
}
