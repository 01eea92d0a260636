import { SEGMENT_FIELD_PATTERN } from './segment-comparison.schema.js'
import { storedSegments } from './respondent-weight.js'
import type { ResponseRow } from './response.table.js'

/**
 * The weighted segment sums (response_segment_weights, migration 0081) one answer adds: for a
 * weighted survey's answer (its `weight` is a number or null, never undefined), per hidden field
 * it carries (but the weight field) and per metric it answered, one row keyed by survey, field,
 * metric, local day, the field's value and the score, counting the answer, whether it has a valid
 * weight, w and w². The segment comparison of a weighted survey reads these instead of every
 * answer (segment-weights.repository.ts, weighted-segment-sums.ts); the caller leaves pilot
 * answers out, as every roll-up does.
 */

export const SEGMENT_WEIGHT_METRICS = ['nps', 'csat', 'ces'] as const

export type SegmentWeightRow = Pick<
  ResponseRow,
  'org_id' | 'survey_id' | 'local_day' | 'nps' | 'csat' | 'ces' | 'weight' | 'weight_field'
> & { segments?: string | null | undefined }

/** The segment as the full pass names it: a string value as it is, any other as JSON. */
export function segmentName(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * Calls `add(keys, counts)` for each row the answer touches: keys survey, field, metric, local
 * day, segment, score; counts answers, weighted, Σw, Σw². Nothing for an unweighted survey's row.
 */
export function addSegmentWeights(
  row: SegmentWeightRow,
  add: (keys: Array<string | number>, counts: readonly number[]) => void,
): void {
  if (row.weight === undefined) return
  const w = row.weight
  const counts = w === null ? [1, 0, 0, 0] : [1, 1, w, w * w]
  for (const [field, value] of Object.entries(storedSegments(row.segments))) {
    // Only fields the comparison can be asked for; the weight is a number per answer, no segment.
    if (field === row.weight_field || !SEGMENT_FIELD_PATTERN.test(field)) continue
    const segment = segmentName(value)
    if (segment === null) continue
    for (const metric of SEGMENT_WEIGHT_METRICS) {
      const score = row[metric]
      if (score === null || score === undefined) continue
      add([row.survey_id, field, metric, row.local_day, segment, Number(score)], counts)
    }
  }
}
