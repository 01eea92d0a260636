/**
 * response_segment_weights (migration 0081): for a weighted survey, per survey, hidden field,
 * metric, local day, value of the field (the segment) and score, the answers with that score,
 * those with a valid weight, and their Σw and Σw² (segment-weights.ts).
 */
export interface ResponseSegmentWeightsTable {
  org_id: string
  survey_id: string
  field: string
  metric: string
  local_day: number
  segment: string
  score: number
  answers: number
  weighted: number
  weight_sum: number
  weight_squares: number
}
