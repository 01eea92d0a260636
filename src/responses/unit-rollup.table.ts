import type { ResponseDailyCountsTable } from './response.table.js'

/**
 * response_unit_daily_counts (migration 0021): per unit, survey and local day, the answers and
 * the count of each NPS, CSAT and CES value — the unit roll-up, summed up the tree at read time.
 */
export type ResponseUnitDailyCountsTable = Omit<ResponseDailyCountsTable, 'channel'> & {
  unit_id: string
}

/**
 * response_unit_monthly_counts (migration 0026): the same counts per unit, survey and local
 * month (months since 1970-01, January 1970 = 0), for league tables and heat maps.
 */
export type ResponseUnitMonthlyCountsTable = Omit<
  ResponseDailyCountsTable,
  'channel' | 'local_day'
> & {
  unit_id: string
  month: number
}

/**
 * response_unit_daily_csm (migration 0026): per unit, survey, local day and 7-level CSM
 * question, the answers of each level (csm_m60 = 很不满意 … csm_p60 = 很满意).
 */
export interface ResponseUnitDailyCsmTable {
  org_id: string
  unit_id: string
  survey_id: string
  local_day: number
  question_key: string
  csm_m60: number
  csm_m40: number
  csm_m20: number
  csm_0: number
  csm_p20: number
  csm_p40: number
  csm_p60: number
}

/**
 * response_unit_daily_servqual (migration 0026): per unit, survey, local day and SERVQUAL
 * dimension, over respondents who rated every item: respondents, item answers, Σ expectation,
 * Σ perception and Σ over respondents of (Σ items perception − expectation)².
 */
export interface ResponseUnitDailyServqualTable {
  org_id: string
  unit_id: string
  survey_id: string
  local_day: number
  dimension: string
  respondents: number
  item_answers: number
  expectation_sum: number
  perception_sum: number
  gap_squares: number
}

/**
 * response_unit_monthly_weights (migration 0057): for a weighted survey, per unit, survey, local
 * month and metric, the answers, those with a valid weight and Σw, Σw², Σw·x, Σw·x².
 */
export interface ResponseUnitMonthlyWeightsTable {
  org_id: string
  unit_id: string
  survey_id: string
  month: number
  metric: string
  answers: number
  weighted: number
  weight_sum: number
  weight_squares: number
  weighted_sum: number
  weighted_squares: number
}
