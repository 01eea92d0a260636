import { compareMeans, compareProportions } from '../analytics/difference-tests.js'
import { MIN_INTERVAL_N } from '../analytics/interval-bounds.js'
import { compareNps } from '../analytics/nps.js'
import { LOW_CONFIDENCE_N } from '../analytics/sample-size.js'
import {
  addTally,
  emptyTally,
  tallyCount,
  type WeightTally,
  weightedNpsOfTally,
  weightedScaleMeanOfTally,
  weightedShareOfTally,
} from '../analytics/weighted-score-sums.js'
import {
  type WeightedMean,
  type WeightedNps,
  type WeightedShare,
  weightedNps,
  weightedScaleMean,
  weightedShareAtLeast,
} from '../analytics/weighted-scores.js'
import {
  heatMapOf,
  rankWithTests,
  type RestTest,
  SIGNIFICANCE_LEVEL,
  type SegmentHeatMap,
  type SegmentMetric,
  type SegmentScoreRow,
} from './segment-comparison.js'

/**
 * Pure: the segment comparison of a survey with respondent weights (settings.weightField), as the
 * weighted dashboard headline reads them (weighted-headline.ts). Each figure is weighted (Σw·x/Σw)
 * and its interval read on Kish's effective n = (Σw)²/Σw² (Kish 1965, Survey Sampling §11.7):
 * NPS by the score interval on the effective counts, CSAT top-2 box by Wilson's, the CES mean by
 * the linearization interval held to 1–7 (weighted-scores.ts). Each segment against the rest uses
 * the unweighted table's tests on effective figures (the effective-sample-size approach of Korn &
 * Graubard 1998 for weighted proportions): NPS by the trinomial z on effective counts
 * (share · n_eff), CSAT by the two-proportion z on (share · n_eff, n_eff), CES by Welch's t with
 * n_eff and the linearization variance (variance = SE² · n_eff, so SE² is svymean's), then Holm.
 * An answer without a valid weight (null) is left out of every weighted figure and counted.
 */

export interface WeightedScore {
  score: number
  /** The respondent weight (respondent-weight.ts), null when missing or not a number > 0. */
  weight: number | null
}

export interface WeightedSegmentFigure {
  /** Answers to the metric with a valid weight. */
  n: number
  /** Answers to the metric left out for lack of a valid weight. */
  unweighted: number
  /** Kish's n_eff of the weights; 0 when no answer has one. */
  effectiveN: number
  value: number | null
  ci95: [number, number] | null
  lowConfidence: boolean
}

function split(answers: readonly WeightedScore[]) {
  const scores: number[] = []
  const weights: number[] = []
  for (const a of answers)
    if (a.weight !== null) {
      scores.push(a.score)
      weights.push(a.weight)
    }
  return { scores, weights, unweighted: answers.length - scores.length }
}

interface Estimate {
  n: number
  effectiveN: number
  value: number
  ci95: [number, number] | null
  /** The effective counts or moments the test against the rest reads. */
  nps?: { promoters: number; passives: number; detractors: number }
  share?: { hits: number; n: number }
  moments?: { n: number; mean: number; variance: number }
}

function npsEstimate(r: WeightedNps): Estimate {
  const m = r.effectiveN
  return {
    n: r.n,
    effectiveN: m,
    value: r.nps,
    ci95: r.ci95,
    nps: {
      promoters: r.promoterShare * m,
      detractors: r.detractorShare * m,
      passives: (1 - r.promoterShare - r.detractorShare) * m,
    },
  }
}

function shareEstimate(r: WeightedShare): Estimate {
  return {
    n: r.n,
    effectiveN: r.effectiveN,
    value: r.share,
    ci95: r.ci95,
    share: { hits: (r.share / 100) * r.effectiveN, n: r.effectiveN },
  }
}

function meanEstimate(r: WeightedMean): Estimate {
  return {
    n: r.n,
    effectiveN: r.effectiveN,
    value: r.mean,
    ci95: r.ci95,
    ...(r.se === null
      ? {}
      : { moments: { n: r.effectiveN, mean: r.mean, variance: r.se ** 2 * r.effectiveN } }),
  }
}

/** CSAT's top-2 box starts at 4; CES is a mean on 1–7. */
const CSAT_BOX = 4
const CES_SCALE: [number, number] = [1, 7]

function estimate(metric: SegmentMetric, scores: number[], weights: number[]): Estimate | null {
  if (scores.length === 0) return null
  if (metric === 'nps') return npsEstimate(weightedNps(scores, weights))
  if (metric === 'csat') return shareEstimate(weightedShareAtLeast(scores, weights, CSAT_BOX))
  return meanEstimate(weightedScaleMean(scores, weights, CES_SCALE))
}

/** The same estimate from the sums per score value (weighted-score-sums.ts). */
function estimateOfTally(metric: SegmentMetric, t: WeightTally): Estimate | null {
  if (tallyCount(t) === 0) return null
  if (metric === 'nps') return npsEstimate(weightedNpsOfTally(t))
  if (metric === 'csat') return shareEstimate(weightedShareOfTally(t, CSAT_BOX))
  return meanEstimate(weightedScaleMeanOfTally(t, CES_SCALE))
}

function figureOf(estimated: Estimate | null, unweighted: number): WeightedSegmentFigure {
  if (!estimated)
    return { n: 0, unweighted, effectiveN: 0, value: null, ci95: null, lowConfidence: true }
  return {
    n: estimated.n,
    unweighted,
    effectiveN: estimated.effectiveN,
    value: estimated.value,
    // As the unweighted table and the weighted headline: no interval below MIN_INTERVAL_N answers.
    ci95: estimated.n < MIN_INTERVAL_N ? null : estimated.ci95,
    lowConfidence: estimated.effectiveN < LOW_CONFIDENCE_N,
  }
}

/** One weighted figure (a segment's, a month's or all answers'). */
export function weightedSegmentFigure(
  metric: SegmentMetric,
  answers: readonly WeightedScore[],
): WeightedSegmentFigure {
  const { scores, weights, unweighted } = split(answers)
  // Weights all 0 are refused by weightSummary; respondentWeight gives only weights > 0 or null.
  return figureOf(estimate(metric, scores, weights), unweighted)
}

function testAgainstRest(
  metric: SegmentMetric,
  segment: Estimate,
  rest: Estimate | null,
): RestTest | null {
  if (!rest) return null
  if (metric === 'nps') {
    const c = compareNps(segment.nps!, rest.nps!)
    return c && { test: 'nps-z', difference: c.difference, pValue: c.pValue }
  }
  if (metric === 'csat') {
    const c = compareProportions(
      segment.share!.hits,
      segment.share!.n,
      rest.share!.hits,
      rest.share!.n,
    )
    return c && { test: 'two-proportion-z', difference: 100 * c.difference, pValue: c.pValue }
  }
  if (!segment.moments || !rest.moments) return null
  const c = compareMeans(segment.moments, rest.moments)
  return c && { test: 'welch-t', difference: c.difference, pValue: c.pValue }
}

export type WeightedSegmentRow = SegmentScoreRow & { unweighted: number; effectiveN: number }

/**
 * Each segment's weighted figure with its interval, tested against all other answers (weighted
 * the same way), p-values Holm-adjusted over the segments, ranked best first; segments without a
 * weighted answer to the metric are left out of the ranking (their answers are counted in
 * `unweighted` of the whole).
 */
export function compareWeightedSegmentScores(
  metric: SegmentMetric,
  segments: ReadonlyMap<string, readonly WeightedScore[]>,
): WeightedSegmentRow[] {
  const entries = [...segments.entries()]
    .map(([segment, answers]) => {
      const { scores, weights, unweighted } = split(answers)
      return { segment, scores, weights, unweighted, own: estimate(metric, scores, weights) }
    })
    .filter((e): e is typeof e & { own: Estimate } => e.own !== null)
  return rankEstimates(metric, entries, (e) => {
    const others = entries.filter((o) => o !== e)
    return estimate(
      metric,
      others.flatMap((o) => o.scores),
      others.flatMap((o) => o.weights),
    )
  })
}

/**
 * The segments ranked best first, each tested against the rest (`restOf`), p-values
 * Holm-adjusted over the segments.
 */
function rankEstimates<E extends { segment: string; own: Estimate; unweighted: number }>(
  metric: SegmentMetric,
  entries: readonly E[],
  restOf: (entry: E) => Estimate | null,
): WeightedSegmentRow[] {
  const tests = entries.map((e) =>
    entries.length < 2 ? null : testAgainstRest(metric, e.own, restOf(e)),
  )
  return rankWithTests(
    entries.map((e) => ({ segment: e.segment, ...figureOf(e.own, e.unweighted) })),
    tests,
  )
}

/** A segment's (or month's, or all answers') sums per score value, and its answers without a weight. */
export interface SegmentTally {
  tally: WeightTally
  unweighted: number
}

/** One weighted figure from sums: the same as weightedSegmentFigure on the answers summed. */
export function weightedTallyFigure(
  metric: SegmentMetric,
  sums: SegmentTally,
): WeightedSegmentFigure {
  return figureOf(estimateOfTally(metric, sums.tally), sums.unweighted)
}

/**
 * compareWeightedSegmentScores from each segment's sums per score value (the weighted segment
 * roll-up): the rest of a segment is the other segments' sums added up, as the answers are there.
 */
export function compareWeightedSegmentTallies(
  metric: SegmentMetric,
  segments: ReadonlyMap<string, SegmentTally>,
): WeightedSegmentRow[] {
  const entries = [...segments.entries()]
    .map(([segment, sums]) => ({
      segment,
      tally: sums.tally,
      unweighted: sums.unweighted,
      own: estimateOfTally(metric, sums.tally),
    }))
    .filter((e): e is typeof e & { own: Estimate } => e.own !== null)
  return rankEstimates(metric, entries, (e) => {
    const first = entries[0]!.tally
    const rest = emptyTally(first.min, first.min + first.counts.length - 1)
    for (const o of entries) if (o !== e) addTally(rest, o.tally)
    return estimateOfTally(metric, rest)
  })
}

/** weightedSegmentHeatMap from each month's and segment's sums. */
export function weightedTallyHeatMap(
  metric: SegmentMetric,
  segmentOrder: readonly string[],
  byMonth: ReadonlyMap<string, ReadonlyMap<string, SegmentTally>>,
): SegmentHeatMap {
  return heatMapOf(segmentOrder, byMonth, (sums) => weightedTallyFigure(metric, sums))
}

/** The weighted figure per segment and month; `n` counts the month's answers with a valid weight. */
export function weightedSegmentHeatMap(
  metric: SegmentMetric,
  segmentOrder: readonly string[],
  byMonth: ReadonlyMap<string, ReadonlyMap<string, readonly WeightedScore[]>>,
): SegmentHeatMap {
  return heatMapOf(segmentOrder, byMonth, (answers) => weightedSegmentFigure(metric, answers))
}

/** One channel's weighted NPS on the dashboard (summary.schema.ts WeightedHeadlineSchema.channels). */
export interface WeightedChannelNps {
  segment: string
  nps: {
    nps: number | null
    ci95: [number, number] | null
    n: number
    effectiveN: number
    unweighted: number
  }
  vsRest: { difference: number; pValue: number; isSignificant: boolean } | null
}

/**
 * The dashboard's NPS by channel of a weighted survey: each channel's weighted NPS and interval, and
 * its test against the other channels' answers as in compareWeightedSegmentScores, but with the
 * single test's p (not Holm-adjusted), as the unweighted channel chart (compareSegmentsNps) has
 * it; ordered by answers, largest first, as that chart is.
 */
export function weightedChannelsNps(
  channels: ReadonlyMap<string, readonly WeightedScore[]>,
): WeightedChannelNps[] {
  return compareWeightedSegmentScores('nps', channels)
    .map((row) => ({
      segment: row.segment,
      nps: {
        nps: row.value,
        ci95: row.ci95,
        n: row.n,
        effectiveN: row.effectiveN,
        unweighted: row.unweighted,
      },
      vsRest: row.vsRest && {
        difference: row.vsRest.difference,
        pValue: row.vsRest.pValue,
        isSignificant: row.vsRest.pValue < SIGNIFICANCE_LEVEL,
      },
    }))
    .sort((a, b) => b.nps.n - a.nps.n || a.segment.localeCompare(b.segment))
}
