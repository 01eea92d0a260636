import { ValidationError } from '../shared/errors.js'
import { studentTQuantile } from './distributions.js'

/**
 * Perceived against actual waits of the same visits: a survey answer says how long the customer
 * felt they waited, the hall's queue events say how long they did. Pure: minutes in, figures out.
 *
 * Why it matters: "unoccupied time feels longer than occupied time" and "uncertain waits feel
 * longer than known, finite waits" (Maister, "The Psychology of Waiting Lines", 1985); customers
 * asked after a bank queue overestimated their waits on average, and satisfaction followed the
 * perceived wait more than the actual one (Katz, Larson & Larson, "Prescription for the
 * waiting-in-line blues", Sloan Management Review 32(2), 1991). So the gap, not only the wait,
 * is what a hall can manage.
 */

export interface WaitPair {
  /** Minutes the customer said they waited. */
  perceived: number
  /** Minutes from ticket taken to called (queue events). */
  actual: number
}

/** Actual-wait bands (minutes, lower bound inclusive): 0–5, 5–10, 10–20, 20+. */
export const ACTUAL_WAIT_BANDS = [
  { from: 0, to: 5 },
  { from: 5, to: 10 },
  { from: 10, to: 20 },
  { from: 20, to: null },
] as const

export interface WaitGapBand {
  from: number
  /** Null: open-ended (20+). */
  to: number | null
  n: number
  /** Null when the band has no pair. */
  meanActual: number | null
  meanPerceived: number | null
  meanGap: number | null
}

export interface PerceivedWaitSummary {
  n: number
  meanActual: number
  meanPerceived: number
  /** Mean of perceived − actual (positive: waits feel longer than they were). */
  meanGap: number
  /** 95% paired-t interval of the mean gap: d̄ ± t₀.₉₇₅,ₙ₋₁ · s_d/√n. */
  gapInterval: [number, number]
  medianGap: number
  /** Share of pairs with perceived > actual. */
  overestimateShare: number
  /** Spearman's rank correlation of perceived and actual (mid-ranks for ties); null when either side is constant. */
  spearman: number | null
  bands: WaitGapBand[]
}

/**
 * The pairs summarised. Refuses a negative or non-finite minute (VALUE_OUT_OF_RANGE) and fewer
 * than two pairs (NOT_ENOUGH_DATA: the interval needs a standard deviation).
 *
 * The paired t-interval: with dᵢ = perceivedᵢ − actualᵢ, d̄ ± t(0.975, n−1) · s_d / √n, s_d the
 * sample standard deviation (n − 1 denominator) — e.g. Moore, McCabe & Craig, Introduction to the
 * Practice of Statistics, §7.1 "matched pairs t procedures". The median gap is the middle value
 * (mean of the two middle ones for even n). Spearman's ρ is Pearson's correlation of the ranks
 * (Spearman 1904), mid-ranks for ties so that tied answers (perceived waits cluster on 5, 10, 15)
 * are handled exactly rather than by the 1 − 6Σd²/(n(n²−1)) shortcut, which assumes no ties.
 */
export function summarisePerceivedWaits(pairs: readonly WaitPair[]): PerceivedWaitSummary {
  pairs.forEach((p, i) => {
    for (const side of ['perceived', 'actual'] as const)
      if (!Number.isFinite(p[side]) || p[side] < 0)
        throw new ValidationError(
          'VALUE_OUT_OF_RANGE',
          `Pair ${i}: ${side} wait ${p[side]} is not a number of minutes ≥ 0.`,
          [{ path: `pairs.${i}.${side}`, reason: 'not a number of minutes ≥ 0', allowed: '≥ 0' }],
        )
  })
  const n = pairs.length
  if (n < 2)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `${n} pair(s): the gap's interval needs at least 2.`,
      [{ path: 'pairs', reason: 'fewer than 2 pairs', allowed: '≥ 2' }],
    )
  const gaps = pairs.map((p) => p.perceived - p.actual)
  const meanGap = mean(gaps)
  const sd = Math.sqrt(gaps.reduce((s, d) => s + (d - meanGap) ** 2, 0) / (n - 1))
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)
  return {
    n,
    meanActual: mean(pairs.map((p) => p.actual)),
    meanPerceived: mean(pairs.map((p) => p.perceived)),
    meanGap,
    gapInterval: [meanGap - half, meanGap + half],
    medianGap: median(gaps),
    overestimateShare: gaps.filter((d) => d > 0).length / n,
    spearman: pearson(
      midRanks(pairs.map((p) => p.perceived)),
      midRanks(pairs.map((p) => p.actual)),
    ),
    bands: ACTUAL_WAIT_BANDS.map(({ from, to }) => {
      const inBand = pairs.filter((p) => p.actual >= from && (to === null || p.actual < to))
      const some = inBand.length > 0
      return {
        from,
        to,
        n: inBand.length,
        meanActual: some ? mean(inBand.map((p) => p.actual)) : null,
        meanPerceived: some ? mean(inBand.map((p) => p.perceived)) : null,
        meanGap: some ? mean(inBand.map((p) => p.perceived - p.actual)) : null,
      }
    }),
  }
}

/**
 * A choice answer's minutes: the midpoint of the band its label names — "<5 分钟" → 2.5
 * (0–5), "5–10 分钟" → 7.5, "10-20" → 15, ">20 分钟" / "20 分钟以上" / "20+" → the open band's
 * lower bound plus half the width of the band below it (20 + 5 = 25), a stated convention
 * since an open band has no midpoint. A plain number ("15 分钟") is that number. Null when the
 * label names no minutes (e.g. "记不清").
 */
export function minutesOfBandLabel(label: string): number | null {
  const text = label.replace(/\s+/g, '')
  const numbers = [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]))
  if (numbers.length === 0) return null
  if (numbers.length >= 2) {
    const [a, b] = [numbers[0]!, numbers[1]!]
    return (Math.min(a, b) + Math.max(a, b)) / 2
  }
  const x = numbers[0]!
  if (/^(<|＜|≤|不到|少于|小于|under|lessthan)/i.test(text) || /以内|以下|内$/.test(text))
    return x / 2
  if (/^(>|＞|≥|超过|多于|大于|over|morethan)/i.test(text) || /以上|\+/.test(text))
    return x + openBandHalfWidth(x)
  return x
}

/** Half the width of the band just below an open band starting at x, by the bands above. */
function openBandHalfWidth(x: number): number {
  const below = [...ACTUAL_WAIT_BANDS].reverse().find((b) => b.to !== null && b.to <= x)
  return below && below.to !== null ? (below.to - below.from) / 2 : x / 4
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** 1-based ranks, ties sharing the mean of the ranks they span. */
function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1
    i = j + 1
  }
  return ranks
}

function pearson(x: readonly number[], y: readonly number[]): number | null {
  const mx = mean(x)
  const my = mean(y)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my)
    sxx += (x[i]! - mx) ** 2
    syy += (y[i]! - my) ** 2
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy)
}
