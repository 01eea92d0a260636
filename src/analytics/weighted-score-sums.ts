import { ValidationError } from '../shared/errors.js'
import { normalQuantile } from './distributions.js'
import { valueOutOfRange } from './input-checks.js'
import { boundedInterval } from './interval-bounds.js'
import { classifyNpsScore } from './nps.js'
import { npsScoreInterval } from './nps-score-interval.js'
import { wilsonInterval } from './proportion-interval.js'
import { flatScaleMeanInterval } from './scale-mean-interval.js'
import type { WeightedMean, WeightedNps, WeightedShare, WeightSummary } from './weighted-scores.js'

/**
 * The weighted figures of weighted-scores.ts from sums per score value instead of the answers:
 * for each value v of a discrete scale, the answers with a valid weight (n_v), Σw and Σw² over
 * them. Every estimate there is a function of these sums (Kish 1965, Survey Sampling §11.7;
 * Korn & Graubard 1998), so a roll-up keeping them gives the same figures as the answers:
 * - Σw = Σ_v Σw_v, Σw² = Σ_v Σw²_v, n_eff = (Σw)²/Σw²;
 * - a class share (NPS promoters 9–10, detractors 0–6; CSAT top-2 box) = Σ_{v in class} Σw_v / Σw;
 * - the weighted mean x̄ = Σ_v v·Σw_v / Σw, and the linearization SE of weightedMean,
 *   √(n/(n − 1)·Σ_i w_i²(x_i − x̄)²)/Σw, with Σ_i w_i²(x_i − x̄)² = Σ_v Σw²_v·(v − x̄)².
 * All answers on one value give SE exactly 0 (the score interval of scale-mean-interval.ts).
 * Same results as weightedNps, weightedShareAtLeast and weightedScaleMean on the answers, up to
 * the order of floating-point additions (segment-weights-equality.test.ts).
 */

export interface WeightTally {
  /** The scale's lowest value; index i holds value min + i. */
  min: number
  /** Answers with a valid weight, per value. */
  counts: number[]
  /** Σw per value. */
  weightSums: number[]
  /** Σw² per value. */
  weightSquares: number[]
}

export function emptyTally(min: number, max: number): WeightTally {
  const size = max - min + 1
  return {
    min,
    counts: new Array<number>(size).fill(0),
    weightSums: new Array<number>(size).fill(0),
    weightSquares: new Array<number>(size).fill(0),
  }
}

/** Adds `part` into `into` (same scale). */
export function addTally(into: WeightTally, part: WeightTally): void {
  part.counts.forEach((n, i) => {
    into.counts[i]! += n
    into.weightSums[i]! += part.weightSums[i]!
    into.weightSquares[i]! += part.weightSquares[i]!
  })
}

/** `total` less `part` (same scale): the rest of the answers. */
export function subtractTally(total: WeightTally, part: WeightTally): WeightTally {
  return {
    min: total.min,
    counts: total.counts.map((n, i) => n - part.counts[i]!),
    weightSums: total.weightSums.map((w, i) => w - part.weightSums[i]!),
    weightSquares: total.weightSquares.map((w, i) => w - part.weightSquares[i]!),
  }
}

export function tallyCount(t: WeightTally): number {
  return t.counts.reduce((a, b) => a + b, 0)
}

/**
 * Refuses an impossible tally — counts not whole numbers ≥ 0, sums not finite or < 0, Σw² above
 * (Σw)² or Σw² = 0 with Σw > 0 — and one with no weight (nothing counted), as weightSummary does.
 */
function summary(t: WeightTally): WeightSummary {
  const sizes = new Set([t.counts.length, t.weightSums.length, t.weightSquares.length])
  if (sizes.size !== 1 || !Number.isInteger(t.min))
    throw new ValidationError('VALIDATION_FAILED', 'The sums per value do not line up.', [
      { path: 'tally', reason: 'lengths differ', allowed: 'one count and two sums per value' },
    ])
  t.counts.forEach((n, i) => {
    const w = t.weightSums[i]!
    const q = t.weightSquares[i]!
    const ok =
      Number.isInteger(n) &&
      n >= 0 &&
      Number.isFinite(w) &&
      Number.isFinite(q) &&
      w >= 0 &&
      q >= 0 &&
      (n === 0 ? w === 0 && q === 0 : w > 0 && q > 0)
    if (!ok)
      throw valueOutOfRange(
        `tally[${i}]`,
        `Value ${t.min + i}: ${n} answers with Σw ${w} and Σw² ${q} cannot be.`,
        'whole counts ≥ 0 with Σw, Σw² > 0 exactly when the count is',
      )
  })
  const sum = t.weightSums.reduce((a, b) => a + b, 0)
  const squares = t.weightSquares.reduce((a, b) => a + b, 0)
  if (!(sum > 0))
    throw new ValidationError('VALUE_OUT_OF_RANGE', 'Every weight is 0, so nothing is counted.', [
      { path: 'weights', reason: 'all 0', allowed: 'at least one weight above 0' },
    ])
  const n = tallyCount(t)
  const effectiveN = (sum * sum) / squares
  return { n, sumWeights: sum, effectiveN, designEffect: n / effectiveN }
}

/** Σw of the values `where` keeps. */
function classSum(t: WeightTally, where: (value: number) => boolean): number {
  return t.weightSums.reduce((s, w, i) => s + (where(t.min + i) ? w : 0), 0)
}

/** weightedNps (weighted-scores.ts) from the sums of an NPS tally (0–10). */
export function weightedNpsOfTally(t: WeightTally): WeightedNps {
  if (t.min < 0 || t.min + t.counts.length - 1 > 10)
    throw valueOutOfRange('tally', 'An NPS answer lies outside 0–10.', '0–10')
  const s = summary(t)
  const p = classSum(t, (v) => classifyNpsScore(v) === 'promoters') / s.sumWeights
  const d = classSum(t, (v) => classifyNpsScore(v) === 'detractors') / s.sumWeights
  const m = s.effectiveN
  return {
    ...s,
    promoterShare: p,
    detractorShare: d,
    nps: 100 * (p - d),
    ci95: npsScoreInterval(p * m, d * m, m)!,
  }
}

/** weightedShareAtLeast (weighted-scores.ts) from a tally's sums. */
export function weightedShareOfTally(t: WeightTally, from: number): WeightedShare {
  const s = summary(t)
  const share = classSum(t, (v) => v >= from) / s.sumWeights
  const [low, high] = wilsonInterval(share * s.effectiveN, s.effectiveN)!
  return {
    ...s,
    share: 100 * share,
    // Held to 0–100 as weightedShareAtLeast holds it.
    ci95: [
      Math.max(0, Math.min(100 * low, 100 * share)),
      Math.min(100, Math.max(100 * high, 100 * share)),
    ],
  }
}

/** weightedScaleMean (weighted-scores.ts) from a tally's sums, on a bounded scale. */
export function weightedScaleMeanOfTally(
  t: WeightTally,
  scale: readonly [number, number],
): WeightedMean {
  const s = summary(t)
  if (t.counts.some((n, i) => n > 0 && (t.min + i < scale[0] || t.min + i > scale[1])))
    throw valueOutOfRange(
      'values',
      `An answer lies outside ${scale[0]}–${scale[1]}.`,
      `${scale[0]}–${scale[1]}`,
    )
  const present = t.counts.flatMap((n, i) => (n > 0 ? [t.min + i] : []))
  // One value only: the mean is that value, exactly.
  const mean =
    present.length === 1
      ? present[0]!
      : t.weightSums.reduce((sum, w, i) => sum + (t.min + i) * w, 0) / s.sumWeights
  if (s.n < 2) return { ...s, mean, se: null, ci95: null }
  if (present.length === 1)
    return { ...s, mean, se: 0, ci95: flatScaleMeanInterval(mean, s.effectiveN, scale) }
  const spread = t.weightSquares.reduce((sum, q, i) => sum + q * (t.min + i - mean) ** 2, 0)
  const se = Math.sqrt((s.n / (s.n - 1)) * spread) / s.sumWeights
  const z = normalQuantile(0.975)
  return { ...s, mean, se, ci95: boundedInterval([mean - z * se, mean + z * se], mean, scale) }
}
