import { CSM_LEVELS, DEFAULT_SATISFIED_SCORES } from './csm-index.js'
import { KANO_CATEGORIES, type KanoCategory } from './kano.js'
import {
  type WeightedMean,
  type WeightSummary,
  weightedMean,
  weightSummary,
} from './weighted-scores.js'
import { wilsonInterval } from './proportion-interval.js'

/**
 * Respondent weights in the category-based methods: the 7-level CSM scale and Kano. A weighted
 * share is Σw over the answers in the category / Σw (the Hájek estimator, Lohr 2019, Sampling:
 * Design and Analysis, §7.3), its interval Wilson's on Kish's effective sample size (as the
 * weighted CSAT/CES shares, weighted-scores.ts). Tests of counts (Kano's χ² and Fong's test)
 * stay on the unweighted counts: weighted "counts" are not counts of respondents, and a
 * design-based test (Rao–Scott) would need the design, which a weight column does not give.
 */

export interface WeightedCsm extends WeightSummary {
  /** Weighted mean score on −60…60, with its linearization SE and interval. */
  csm: WeightedMean
  /** The same on 0–100. */
  csm100: number
  /** Weighted share of the satisfied levels (0–1) with Wilson's interval on n_eff. */
  satisfactionRatio: number
  satisfactionRatioCi95: [number, number]
  /** Weighted share of each level (0–1), from 很不满意 to 很满意. */
  shares: number[]
}

export function weightedCsm(
  scores: readonly number[],
  weights: readonly number[],
  satisfiedScores: readonly number[] = DEFAULT_SATISFIED_SCORES,
): WeightedCsm {
  const csm = weightedMean(scores, weights)
  const summary = weightSummary(weights)
  const shareOf = (hit: (s: number) => boolean) =>
    scores.reduce((sum, s, i) => sum + (hit(s) ? weights[i]! : 0), 0) / summary.sumWeights
  const ratio = shareOf((s) => satisfiedScores.includes(s))
  const [low, high] = wilsonInterval(ratio * summary.effectiveN, summary.effectiveN)!
  return {
    ...summary,
    csm,
    csm100: ((csm.mean + 60) / 120) * 100,
    satisfactionRatio: ratio,
    satisfactionRatioCi95: [Math.min(low, ratio), Math.max(high, ratio)],
    shares: CSM_LEVELS.map((level) => shareOf((s) => s === level.score)),
  }
}

export interface WeightedKano extends WeightSummary {
  /** Weighted share of each category (0–1). */
  shares: Record<KanoCategory, number>
  /** The category with the largest weighted share (ties as the unweighted rule: M, O, A, I, R, Q). */
  modalCategory: KanoCategory
  /** Berger et al.'s coefficients on the weighted shares: (A + O)/(A + O + M + I), −(O + M)/(…). */
  better: number | null
  worse: number | null
}

const PRECEDENCE: readonly KanoCategory[] = ['M', 'O', 'A', 'I', 'R', 'Q']

/** Weighted Kano shares of classified answers, one category and one weight per respondent. */
export function weightedKano(
  categories: readonly KanoCategory[],
  weights: readonly number[],
): WeightedKano {
  const summary = weightSummary(weights)
  const sums = Object.fromEntries(KANO_CATEGORIES.map((c) => [c, 0])) as Record<
    KanoCategory,
    number
  >
  categories.forEach((c, i) => {
    sums[c] += weights[i]!
  })
  const shares = Object.fromEntries(
    KANO_CATEGORIES.map((c) => [c, sums[c] / summary.sumWeights]),
  ) as Record<KanoCategory, number>
  const core = shares.A + shares.O + shares.M + shares.I
  const modalCategory = [...PRECEDENCE].sort(
    (a, b) => shares[b] - shares[a] || PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b),
  )[0]!
  return {
    ...summary,
    shares,
    modalCategory,
    better: core > 0 ? (shares.A + shares.O) / core : null,
    worse: core > 0 ? -(shares.O + shares.M) / core : null,
  }
}
