import { computeCes } from '../analytics/ces.js'
import { computeCsat } from '../analytics/csat.js'
import { compareMeans, compareProportions } from '../analytics/difference-tests.js'
import { compareNps, computeNps, type NpsCounts, type NpsResult } from '../analytics/nps.js'
import {
  addDistributions,
  countAtLeast,
  distributionTotal,
  type ScoreDistribution,
} from '../analytics/score-distribution.js'
import { type DayCounts, dayToIsoDate, periodStart } from './summary-rollup.js'

/** Pure: each segment's NPS, and whether it differs significantly from all other answers. */

export interface SegmentNps {
  segment: string
  nps: NpsResult
  /** This segment against the rest: difference in points, two-sided p (Rocks 2016). */
  vsRest: { difference: number; pValue: number; isSignificant: boolean } | null
}

export const SIGNIFICANCE_LEVEL = 0.05

function npsCountsOf(counts: Pick<DayCounts, 'nps'>): NpsCounts {
  const c = counts.nps.counts
  const sum = (from: number, to: number) => c.slice(from, to + 1).reduce((a, b) => a + b, 0)
  return { detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) }
}

export function compareSegmentsNps(segments: ReadonlyMap<string, DayCounts>): SegmentNps[] {
  const all = [...segments.entries()].map(([segment, counts]) => ({
    segment,
    counts: npsCountsOf(counts),
  }))
  const total = all.reduce<NpsCounts>(
    (t, s) => ({
      promoters: t.promoters + s.counts.promoters,
      passives: t.passives + s.counts.passives,
      detractors: t.detractors + s.counts.detractors,
    }),
    { promoters: 0, passives: 0, detractors: 0 },
  )
  return all
    .map(({ segment, counts }) => {
      const rest = {
        promoters: total.promoters - counts.promoters,
        passives: total.passives - counts.passives,
        detractors: total.detractors - counts.detractors,
      }
      const comparison = compareNps(counts, rest)
      return {
        segment,
        nps: computeNps(counts),
        vsRest: comparison && {
          difference: comparison.difference,
          pValue: comparison.pValue,
          isSignificant: comparison.pValue < SIGNIFICANCE_LEVEL,
        },
      }
    })
    .filter((s) => s.nps.n > 0)
    .sort((a, b) => b.nps.n - a.nps.n)
}

// ---------------------------------------------------------------------------
// Segment comparison for any hidden field (store, region, …) and any of the
// three scores: a ranked table with 95% intervals, each segment tested against
// all other answers, and a segment × month heat map.

export type SegmentMetric = 'nps' | 'csat' | 'ces'

/** At most this many segments in the heat map (the largest by answers); the table keeps all. */
export const HEAT_MAP_SEGMENTS = 30
export const SEGMENT_METRICS: readonly SegmentMetric[] = ['nps', 'csat', 'ces']

/** Which test compared a segment with the rest (named in the table so analysts can check it). */
export type SegmentTest = 'nps-z' | 'two-proportion-z' | 'welch-t'

export interface SegmentScoreRow {
  segment: string
  /** Answers to the metric's question in this segment. */
  n: number
  /** NPS in points, CSAT top-2-box in percent, CES mean on 1–7; null when n = 0. */
  value: number | null
  /** 95% interval in the value's unit: adjusted Wald (NPS), Wilson (CSAT), Student t (CES). */
  ci95: [number, number] | null
  lowConfidence: boolean
  /** 1 = best value; ties share no rank (ordered by n then name). */
  rank: number
  vsRest: {
    test: SegmentTest
    /** This segment minus all other answers, in the value's unit. */
    difference: number
    /** Two-sided p of the single test. */
    pValue: number
    /** Holm-adjusted p over all segments tested (Holm 1979): k segments each against the rest. */
    adjustedP: number
    /** adjustedP < 0.05: the family-wise error over the whole table stays at 5%. */
    isSignificant: boolean
  } | null
}

/**
 * Holm's step-down adjustment (Holm 1979, Scand. J. Statist. 6:65–70), as R's
 * p.adjust(p, "holm"): sort ascending, multiply the i-th smallest (1-based) by
 * m − i + 1, carry the running maximum, cap at 1. Nulls stay null and do not count in m.
 */
export function holmAdjust(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const tested = pValues
    .map((p, index) => ({ p, index }))
    .filter((x): x is { p: number; index: number } => x.p !== null)
    .sort((a, b) => a.p - b.p)
  const m = tested.length
  const adjusted: Array<number | null> = pValues.map(() => null)
  let running = 0
  tested.forEach(({ p, index }, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p))
    adjusted[index] = running
  })
  return adjusted
}

function moments(d: ScoreDistribution) {
  const n = distributionTotal(d)
  let sum = 0
  let squares = 0
  d.counts.forEach((count, i) => {
    sum += count * (d.min + i)
    squares += count * (d.min + i) ** 2
  })
  const mean = n === 0 ? 0 : sum / n
  return { n, mean, variance: n < 2 ? 0 : (squares - n * mean * mean) / (n - 1) }
}

function subtract(total: ScoreDistribution, part: ScoreDistribution): ScoreDistribution {
  return { min: total.min, counts: total.counts.map((c, i) => c - (part.counts[i] ?? 0)) }
}

/** The metric's figure, its interval and answer count from a distribution. */
export function segmentFigure(
  metric: SegmentMetric,
  d: ScoreDistribution,
): { n: number; value: number | null; ci95: [number, number] | null; lowConfidence: boolean } {
  if (metric === 'nps') {
    const r = computeNps(npsCountsOf({ nps: d }))
    return { n: r.n, value: r.nps, ci95: r.ci95, lowConfidence: r.lowConfidence }
  }
  if (metric === 'csat') {
    const r = computeCsat(d)
    return { n: r.n, value: r.csat, ci95: r.ci95, lowConfidence: r.lowConfidence }
  }
  const r = computeCes(d)
  return { n: r.n, value: r.mean, ci95: r.ci95, lowConfidence: r.lowConfidence }
}

/**
 * One segment against the rest. NPS: two-sample z on the trinomial variance
 * (Rocks 2016); CSAT: two-proportion z with pooled variance (as R's prop.test
 * without continuity correction); CES: Welch's t (Welch 1947, as R's t.test).
 */
function testAgainstRest(
  metric: SegmentMetric,
  segment: ScoreDistribution,
  rest: ScoreDistribution,
): RestTest | null {
  if (metric === 'nps') {
    const c = compareNps(npsCountsOf({ nps: segment }), npsCountsOf({ nps: rest }))
    return c && { test: 'nps-z', difference: c.difference, pValue: c.pValue }
  }
  if (metric === 'csat') {
    const c = compareProportions(
      countAtLeast(segment, 4),
      distributionTotal(segment),
      countAtLeast(rest, 4),
      distributionTotal(rest),
    )
    return c && { test: 'two-proportion-z', difference: 100 * c.difference, pValue: c.pValue }
  }
  const c = compareMeans(moments(segment), moments(rest))
  return c && { test: 'welch-t', difference: c.difference, pValue: c.pValue }
}

interface RankableSegment {
  segment: string
  value: number | null
  n: number
}

/** Best figure first, then the larger segment, then by name; segments without a figure last. */
export function bestSegmentFirst(a: RankableSegment, b: RankableSegment): number {
  return (
    (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
    b.n - a.n ||
    a.segment.localeCompare(b.segment)
  )
}

/** A sorted row with its 1-based rank. */
export function withRank<T extends { rank: number }>(row: T, i: number): T {
  return { ...row, rank: i + 1 }
}

/**
 * Each segment's figure with its interval, tested against all other answers,
 * p-values Holm-adjusted over the segments, ranked best first (segments
 * without answers to the metric are left out).
 */
export function compareSegmentScores(
  metric: SegmentMetric,
  segments: ReadonlyMap<string, ScoreDistribution>,
): SegmentScoreRow[] {
  const entries = [...segments.entries()].filter(([, d]) => distributionTotal(d) > 0)
  if (entries.length === 0) return []
  const total: ScoreDistribution = {
    min: entries[0]![1].min,
    counts: entries[0]![1].counts.map(() => 0),
  }
  for (const [, d] of entries) addDistributions(total, d)
  const tests = entries.map(([, d]) =>
    entries.length < 2 ? null : testAgainstRest(metric, d, subtract(total, d)),
  )
  return rankWithTests(
    entries.map(([segment, d]) => ({ segment, ...segmentFigure(metric, d) })),
    tests,
  )
}

/** A segment's test against the rest, before the Holm adjustment. */
export type RestTest = { test: SegmentTest; difference: number; pValue: number }

/**
 * Segment rows with their tests against the rest (`tests[i]` is `rows[i]`'s, null where none
 * could be made), p-values Holm-adjusted over the segments, ranked best first.
 */
export function rankWithTests<R extends RankableSegment>(
  rows: readonly R[],
  tests: readonly (RestTest | null)[],
): (R & Pick<SegmentScoreRow, 'rank' | 'vsRest'>)[] {
  const adjusted = holmAdjust(tests.map((t) => t?.pValue ?? null))
  return rows
    .map((row, i) => {
      const test = tests[i]
      const adjustedP = adjusted[i]
      return {
        ...row,
        rank: 0,
        vsRest:
          test && adjustedP !== null && adjustedP !== undefined
            ? { ...test, adjustedP, isSignificant: adjustedP < SIGNIFICANCE_LEVEL }
            : null,
      }
    })
    .sort(bestSegmentFirst)
    .map(withRank)
}

export interface SegmentHeatMap {
  /** First local date of each month, YYYY-MM-DD, oldest first. */
  months: string[]
  /** Segments in the ranked table's order. */
  segments: string[]
  /** cells[s][m]: the figure of segment s in month m, with its answer count; value null when n = 0. */
  cells: Array<Array<{ n: number; value: number | null }>>
}

/**
 * The heat map of any tally per month and segment (a score distribution, weighted sums, weighted
 * answers): `figure` reads a cell's answer count and value; a month without the segment is n 0.
 */
export function heatMapOf<T>(
  segmentOrder: readonly string[],
  byMonth: ReadonlyMap<string, ReadonlyMap<string, T>>,
  figure: (tally: T) => { n: number; value: number | null },
): SegmentHeatMap {
  const months = [...byMonth.keys()].sort()
  return {
    months,
    segments: [...segmentOrder],
    cells: segmentOrder.map((segment) =>
      months.map((month) => {
        const tally = byMonth.get(month)?.get(segment)
        if (tally === undefined) return { n: 0, value: null }
        const { n, value } = figure(tally)
        return { n, value }
      }),
    ),
  }
}

/** Rows folded into one tally of all, one per segment and one per month and segment. */
export interface SegmentFold<T> {
  all: T
  bySegment: Map<string, T>
  /** First local date of the month (YYYY-MM-DD) -> segment -> tally. */
  byMonth: Map<string, Map<string, T>>
}

/**
 * Folds rows (a segment's local day and what it adds) into tallies of any kind: `empty` makes
 * one, `add` adds a row into one in place (so a fold stays linear in the rows).
 */
export function foldSegmentRows<R extends { segment: string; day: number }, T>(
  rows: Iterable<R>,
  empty: () => T,
  add: (into: T, row: R) => void,
): SegmentFold<T> {
  const all = empty()
  const bySegment = new Map<string, T>()
  const byMonth = new Map<string, Map<string, T>>()
  const entry = <V>(map: Map<string, V>, key: string, make: () => V): V => {
    const found = map.get(key)
    if (found !== undefined) return found
    const made = make()
    map.set(key, made)
    return made
  }
  for (const row of rows) {
    add(all, row)
    add(entry(bySegment, row.segment, empty), row)
    const cells = entry(byMonth, dayToIsoDate(periodStart(row.day, 'month')), () => new Map())
    add(entry(cells, row.segment, empty), row)
  }
  return { all, bySegment, byMonth }
}

/**
 * The segments the heat map shows, in the ranked table's order: the HEAT_MAP_SEGMENTS largest by
 * answers (the table keeps all).
 */
export function heatMapOrder(ranked: readonly { segment: string; n: number }[]): string[] {
  const largest = new Set(
    [...ranked]
      .sort((a, b) => b.n - a.n)
      .slice(0, HEAT_MAP_SEGMENTS)
      .map((r) => r.segment),
  )
  return ranked.map((r) => r.segment).filter((s) => largest.has(s))
}

/** The figure per segment and month; cells are counts of the month's own answers. */
export function segmentHeatMap(
  metric: SegmentMetric,
  segmentOrder: readonly string[],
  byMonth: ReadonlyMap<string, ReadonlyMap<string, ScoreDistribution>>,
): SegmentHeatMap {
  return heatMapOf(segmentOrder, byMonth, (d) => segmentFigure(metric, d))
}
