import type { Db } from '../db/database.js'

/** The weighted segment sums (response_segment_weights, migration 0081): the reads. */

export interface SegmentWeightWindow {
  orgId: string
  surveyId: string
  /** The hidden field whose values are the segments. */
  field: string
  metric: 'nps' | 'csat' | 'ces'
  /** Local days, both included. */
  fromDay: number
  toDay: number
}

export interface SegmentWeightSumRow {
  segment: string
  day: number
  score: number
  answers: number
  weighted: number
  weightSum: number
  weightSquares: number
}

/**
 * Per segment, local day and score in the window: answers, those with a valid weight, Σw, Σw².
 * One range of the primary key (survey, field, metric, day): rows grow with segments × days ×
 * scores, not with answers.
 */
export async function segmentWeightSums(
  db: Db,
  window: SegmentWeightWindow,
): Promise<SegmentWeightSumRow[]> {
  const rows = await db
    .selectFrom('response_segment_weights')
    .select([
      'segment',
      'local_day',
      'score',
      'answers',
      'weighted',
      'weight_sum',
      'weight_squares',
    ])
    .where('survey_id', '=', window.surveyId)
    .where('field', '=', window.field)
    .where('metric', '=', window.metric)
    .where('local_day', '>=', window.fromDay)
    .where('local_day', '<=', window.toDay)
    .where('org_id', '=', window.orgId)
    .execute()
  return rows.map((r) => ({
    segment: r.segment,
    day: Number(r.local_day),
    score: Number(r.score),
    answers: Number(r.answers),
    weighted: Number(r.weighted),
    weightSum: Number(r.weight_sum),
    weightSquares: Number(r.weight_squares),
  }))
}
