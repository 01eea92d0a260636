import { emptyTally, type WeightTally } from '../analytics/weighted-score-sums.js'
import { METRIC_SCALES } from './daily-count-columns.js'
import {
  foldSegmentRows,
  heatMapOrder,
  type SegmentHeatMap,
  type SegmentMetric,
} from './segment-comparison.js'
import type { SegmentComparisonView } from './segment-comparison.schema.js'
import type { SegmentWeightSumRow } from './segment-weights.repository.js'
import {
  compareWeightedSegmentTallies,
  type SegmentTally,
  type WeightedSegmentFigure,
  type WeightedSegmentRow,
  weightedTallyFigure,
  weightedTallyHeatMap,
} from './weighted-segment-comparison.js'

function emptySums(metric: SegmentMetric): SegmentTally {
  const [min, max] = METRIC_SCALES[metric]
  return { tally: emptyTally(min, max), unweighted: 0 }
}

/** Adds one stored row (a segment's day and score) into `into`. */
function addRow(into: SegmentTally, row: SegmentWeightSumRow): void {
  const t: WeightTally = into.tally
  const i = row.score - t.min
  into.unweighted += row.answers - row.weighted
  if (row.weighted === 0) return // only answers without a weight: no sums (a subtraction's residue)
  t.counts[i]! += row.weighted
  t.weightSums[i]! += row.weightSum
  t.weightSquares[i]! += row.weightSquares
}

/**
 * A weighted survey's segment comparison from the weighted segment sums (per segment, local day
 * and score: answers, weighted, Σw, Σw²): the same figures, intervals and tests as the full pass
 * over the answers (weightedComparison in segment-comparison.service.ts), from rows that grow with
 * segments × days × scores instead of answers.
 */
export function weightedComparisonOfSums(
  metric: SegmentMetric,
  weightField: string,
  rows: readonly SegmentWeightSumRow[],
): WeightedComparison {
  const [min, max] = METRIC_SCALES[metric]
  // A score outside the metric's scale cannot be stored (the answer check refuses it); refused
  // here too rather than counted at a wrong index.
  const scored = rows.filter((r) => Number.isInteger(r.score) && r.score >= min && r.score <= max)
  const { all, bySegment, byMonth } = foldSegmentRows(scored, () => emptySums(metric), addRow)
  const ranked = compareWeightedSegmentTallies(metric, bySegment)
  return weightedComparisonView(
    weightField,
    scored.reduce((n, r) => n + r.answers, 0),
    weightedTallyFigure(metric, all),
    ranked,
    weightedTallyHeatMap(metric, heatMapOrder(ranked), byMonth),
  )
}

/** What a weighted survey's comparison adds to the view's head, from sums or from answers. */
export type WeightedComparison = Pick<
  SegmentComparisonView,
  'overall' | 'rows' | 'heatMap' | 'weighted'
>

/**
 * The weighted comparison's view from its parts: the figure of all answers, the ranked rows and
 * the heat map, and how many answers were read (`answers`) and left out for lack of a weight.
 */
export function weightedComparisonView(
  weightField: string,
  answers: number,
  overall: WeightedSegmentFigure,
  rows: WeightedSegmentRow[],
  heatMap: SegmentHeatMap,
): WeightedComparison {
  return {
    overall: {
      n: overall.n,
      value: overall.value,
      ci95: overall.ci95,
      effectiveN: overall.effectiveN,
    },
    rows,
    heatMap,
    weighted: { weightField, answers, unweighted: overall.unweighted },
  }
}
