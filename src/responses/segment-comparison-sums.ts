import { emptyTally, type WeightTally } from '../analytics/weighted-score-sums.js'
import { METRIC_SCALES } from './daily-count-columns.js'
import { HEAT_MAP_SEGMENTS, type SegmentMetric } from './segment-comparison.js'
import type { SegmentComparisonView } from './segment-comparison.schema.js'
import type { SegmentWeightSumRow } from './segment-weights.repository.js'
import { dayToIsoDate, periodStart } from './summary-rollup.js'
import {
  compareWeightedSegmentTallies,
  type SegmentTally,
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
): Pick<SegmentComparisonView, 'overall' | 'rows' | 'heatMap' | 'weighted'> {
  const [min, max] = METRIC_SCALES[metric]
  const bySegment = new Map<string, SegmentTally>()
  const byMonth = new Map<string, Map<string, SegmentTally>>()
  const all = emptySums(metric)
  let answers = 0
  for (const row of rows) {
    // A score outside the metric's scale cannot be stored (the answer check refuses it); refused
    // here too rather than counted at a wrong index.
    if (!Number.isInteger(row.score) || row.score < min || row.score > max) continue
    answers += row.answers
    addRow(all, row)
    const segment = bySegment.get(row.segment) ?? emptySums(metric)
    addRow(segment, row)
    bySegment.set(row.segment, segment)
    const month = dayToIsoDate(periodStart(row.day, 'month'))
    const cells = byMonth.get(month) ?? new Map<string, SegmentTally>()
    const cell = cells.get(row.segment) ?? emptySums(metric)
    addRow(cell, row)
    byMonth.set(month, cells.set(row.segment, cell))
  }
  const ranked = compareWeightedSegmentTallies(metric, bySegment)
  const largest = [...ranked]
    .sort((a, b) => b.n - a.n)
    .slice(0, HEAT_MAP_SEGMENTS)
    .map((r) => r.segment)
  const heatOrder = ranked.map((r) => r.segment).filter((s) => largest.includes(s))
  const overall = weightedTallyFigure(metric, all)
  return {
    overall: {
      n: overall.n,
      value: overall.value,
      ci95: overall.ci95,
      effectiveN: overall.effectiveN,
    },
    rows: ranked,
    heatMap: weightedTallyHeatMap(metric, heatOrder, byMonth),
    weighted: { weightField, answers, unweighted: overall.unweighted },
  }
}
