/**
 * feedback_unit_daily_counts (migration 0036): per unit and local day, the feedback records and
 * the complaints among them — the complaint roll-up, summed up the unit tree at read time.
 */
export interface FeedbackUnitDailyCountsTable {
  org_id: string
  unit_id: string
  local_day: number
  feedback: number
  complaints: number
}

/**
 * feedback_unit_monthly_counts (migration 0036): the same per unit and local month (months since
 * 1970-01, January 1970 = 0), for league tables and heat maps.
 */
export interface FeedbackUnitMonthlyCountsTable {
  org_id: string
  unit_id: string
  month: number
  feedback: number
  complaints: number
}
