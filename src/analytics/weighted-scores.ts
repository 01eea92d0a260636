import { ValidationError } from '../shared/errors.js'
import { normalQuantile } from './distributions.js'
import { allFinite, valueOutOfRange } from './input-checks.js'
import { classifyNpsScore } from './nps.js'
import { boundedInterval } from './interval-bounds.js'
import { npsScoreInterval } from './nps-score-interval.js'
import { wilsonInterval } from './proportion-interval.js'
import { flatScaleMeanInterval } from './scale-mean-interval.js'

/**
 * Scores with respondent weights (post-stratification or design weights): weighted shares and
 * means, with Kish's effective sample size n_eff = (Σw)²/Σw² (Kish 1965, Survey Sampling, §11.7;
 * Kish 1992, J. Official Statistics 8, 183–200) standing in for n in the score intervals (the
 * effective-sample-size approach of Korn & Graubard 1998 for weighted proportions). Answers with
 * weight 0 count for nothing; a negative or non-finite weight is refused.
 */

export interface WeightSummary {
  /** Answers with a weight (including weight 0). */
  n: number
  sumWeights: number
  /** Kish's effective sample size (Σw)²/Σw²; equals n when every weight is the same. */
  effectiveN: number
  /** Kish's design effect of unequal weighting, n/n_eff = 1 + CV²(w). */
  designEffect: number
}

export function checkWeights(weights: readonly number[]): void {
  weights.forEach((w, i) => {
    if (!(Number.isFinite(w) && w >= 0))
      throw valueOutOfRange(
        `weights[${i}]`,
        `Weight ${i + 1} is ${w}; respondent weights are numbers ≥ 0.`,
        'numbers ≥ 0',
      )
  })
}

export function weightSummary(weights: readonly number[]): WeightSummary {
  checkWeights(weights)
  const sum = weights.reduce((a, b) => a + b, 0)
  const squares = weights.reduce((a, b) => a + b * b, 0)
  if (!(sum > 0))
    throw new ValidationError('VALUE_OUT_OF_RANGE', 'Every weight is 0, so nothing is counted.', [
      { path: 'weights', reason: 'all 0', allowed: 'at least one weight above 0' },
    ])
  const effectiveN = (sum * sum) / squares
  return {
    n: weights.length,
    sumWeights: sum,
    effectiveN,
    designEffect: weights.length / effectiveN,
  }
}

function paired(values: readonly number[], weights: readonly number[]): void {
  if (values.length !== weights.length)
    throw new ValidationError(
      'VALIDATION_FAILED',
      `${values.length} answers but ${weights.length} weights.`,
      [{ path: 'weights', reason: 'length differs', allowed: 'one weight per answer' }],
    )
  if (!allFinite(values))
    throw new ValidationError('NOT_A_NUMBER', 'An answer is not a number.', [
      { path: 'values', reason: 'not finite', allowed: 'numbers' },
    ])
}

export interface WeightedNps extends WeightSummary {
  promoterShare: number
  detractorShare: number
  /** Weighted NPS in points, −100…100. */
  nps: number
  /** Score interval (nps-score-interval.ts) on the effective counts, in points. */
  ci95: [number, number]
}

export function weightedNps(scores: readonly number[], weights: readonly number[]): WeightedNps {
  paired(scores, weights)
  const summary = weightSummary(weights)
  let promoters = 0
  let detractors = 0
  scores.forEach((s, i) => {
    const group = classifyNpsScore(s)
    if (group === 'promoters') promoters += weights[i]!
    if (group === 'detractors') detractors += weights[i]!
  })
  const p = promoters / summary.sumWeights
  const d = detractors / summary.sumWeights
  const m = summary.effectiveN
  return {
    ...summary,
    promoterShare: p,
    detractorShare: d,
    nps: 100 * (p - d),
    ci95: npsScoreInterval(p * m, d * m, m)!,
  }
}

export interface WeightedShare extends WeightSummary {
  /** Weighted share in percent. */
  share: number
  /** Wilson interval on the effective sample size, in percent. */
  ci95: [number, number]
}

/** Weighted share of answers at or above `from` (CSAT top boxes, CES agree share). */
export function weightedShareAtLeast(
  scores: readonly number[],
  weights: readonly number[],
  from: number,
): WeightedShare {
  paired(scores, weights)
  const summary = weightSummary(weights)
  const hit = scores.reduce((s, x, i) => s + (x >= from ? weights[i]! : 0), 0)
  const share = hit / summary.sumWeights
  const [low, high] = wilsonInterval(share * summary.effectiveN, summary.effectiveN)!
  return {
    ...summary,
    share: 100 * share,
    // Held to 0–100: at a share of 0 or 1 the Wilson bound can come out a rounding step beyond
    // (−5.6e−15 was seen with every weighted answer below the box).
    ci95: [
      Math.max(0, Math.min(100 * low, 100 * share)),
      Math.min(100, Math.max(100 * high, 100 * share)),
    ],
  }
}

export interface WeightedMean extends WeightSummary {
  mean: number
  /**
   * Linearization SE of the weighted (ratio) mean with n/(n − 1), as R's survey::svymean gives
   * for a one-stage design with these weights: √(n/(n − 1)·Σw²(x − x̄_w)²)/Σw.
   */
  se: number | null
  ci95: [number, number] | null
}

export function weightedMean(values: readonly number[], weights: readonly number[]): WeightedMean {
  paired(values, weights)
  const summary = weightSummary(weights)
  const mean = values.reduce((s, x, i) => s + x * weights[i]!, 0) / summary.sumWeights
  const positive = weights.filter((w) => w > 0).length
  if (positive < 2) return { ...summary, mean, se: null, ci95: null }
  const n = weights.length
  const sum = values.reduce((s, x, i) => s + weights[i]! ** 2 * (x - mean) ** 2, 0)
  const se = Math.sqrt((n / (n - 1)) * sum) / summary.sumWeights
  const z = normalQuantile(0.975)
  return { ...summary, mean, se, ci95: [mean - z * se, mean + z * se] }
}

/**
 * The weighted mean of answers on a bounded scale (a CES on 1–7), its interval as it may be shown:
 * the linearization interval of weightedMean held to the scale and around the mean
 * (interval-bounds.ts), and, when every weighted answer is the same (SE 0, the interval a point),
 * the bounded score interval of scale-mean-interval.ts on Kish's n_eff.
 */
export function weightedScaleMean(
  values: readonly number[],
  weights: readonly number[],
  scale: readonly [number, number],
): WeightedMean {
  const result = weightedMean(values, weights)
  if (values.some((x, i) => weights[i]! > 0 && (x < scale[0] || x > scale[1])))
    throw valueOutOfRange(
      'values',
      `An answer lies outside ${scale[0]}–${scale[1]}.`,
      `${scale[0]}–${scale[1]}`,
    )
  if (result.ci95 === null || result.se === null) return result
  // Every weighted answer the same: SE is 0 and the mean that value. Computed, Σw·x/Σw can come
  // out a rounding step off x and the SE 1e−16 instead of 0, which chose the wrong interval.
  const first = values.find((_, i) => weights[i]! > 0)!
  if (values.every((x, i) => weights[i]! === 0 || x === first))
    return {
      ...result,
      mean: first,
      se: 0,
      ci95: flatScaleMeanInterval(first, result.effectiveN, scale),
    }
  const ci95 =
    result.se === 0
      ? flatScaleMeanInterval(result.mean, result.effectiveN, scale)
      : boundedInterval(result.ci95, result.mean, scale)
  return { ...result, ci95 }
}

/**
 * Mean imputation of blanks, reported: each null becomes its column's mean over the answered
 * rows (the "mean substitution" of Little & Rubin 2019, Statistical Analysis with Missing Data,
 * §4.2.1 — it keeps means and shrinks variances and correlations, so it is an option, never the
 * default). Returns the filled column and how many cells were filled.
 */
export function meanImpute(values: ReadonlyArray<number | null>): {
  values: number[]
  imputed: number
  mean: number | null
} {
  const present = values.filter((v): v is number => v !== null)
  if (present.length === 0) return { values: [], imputed: 0, mean: null }
  const mean = present.reduce((a, b) => a + b, 0) / present.length
  return {
    values: values.map((v) => v ?? mean),
    imputed: values.length - present.length,
    mean,
  }
}
