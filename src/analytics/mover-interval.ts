import { studentTQuantile } from './distributions.js'
import { checkParameter } from './input-checks.js'
import { npsScoreInterval } from './nps-score-interval.js'
import { wilsonInterval } from './proportion-interval.js'

/**
 * Intervals for a signed sum of independent period means (after − before; a difference in
 * differences) built from each period's own bounded interval, so that a period with no spread
 * (every answer a promoter) still carries its uncertainty instead of contributing a zero
 * variance, as it does in Welch's test.
 *
 * For two shares with Wilson's intervals this is Newcombe's hybrid score interval (Newcombe 1998,
 * Statistics in Medicine 17, 873–890, method 10); Zou & Donner (2008, Statistics in Medicine 27,
 * 1693–1702) showed it is one case of the "method of variance estimates recovery" (MOVER) for any
 * θ₁ − θ₂ whose parts have intervals (l_i, u_i):
 *   L = θ̂₁ − θ̂₂ − √((θ̂₁ − l₁)² + (u₂ − θ̂₂)²),  U = θ̂₁ − θ̂₂ + √((u₁ − θ̂₁)² + (θ̂₂ − l₂)²),
 * and Newcombe (2001, The American Statistician 55, 286–291) adds more terms the same way
 * ("square and add") for a difference between differences. Each term is the distance from the
 * estimate to the bound of its part on the side that moves the sum that way.
 */

/** What a period's per-answer scores can be: the interval each period gets is bounded by it. */
export type ScoreScale =
  /** NPS: +100 promoter, 0 passive, −100 detractor (Tango's score interval, Tango 1998). */
  | { kind: 'nps' }
  /** A share on 0–100 (0/100 per answer; Wilson's interval, Wilson 1927). */
  | { kind: 'share' }
  /** A mean rating on [min, max] (Student's t interval kept within the scale). */
  | { kind: 'mean'; min: number; max: number }

/** One period's answers: count, mean score and sample variance (n − 1). */
export interface PeriodMoments {
  n: number
  mean: number
  variance: number
}

/**
 * The promoters and detractors behind NPS moments: Σx = 100(P − D) and Σx² = 10,000(P + D), read
 * back from n, the mean and the sample variance (fractional with weighted answers).
 */
function npsCounts(m: PeriodMoments): { promoters: number; detractors: number } {
  const sum = (m.n * m.mean) / 100
  const sumSquares = (m.variance * (m.n - 1) + m.n * m.mean * m.mean) / 10_000
  const promoters = Math.min(m.n, Math.max(0, (sumSquares + sum) / 2))
  const detractors = Math.min(m.n - promoters, Math.max(0, (sumSquares - sum) / 2))
  return { promoters, detractors }
}

/**
 * A period's interval for its mean at the given confidence, within the scale. A rating period
 * whose answers are all the same has no spread to give a t interval its width; it is read as a
 * share of the way up the scale ((mean − min)/(max − min)) with Wilson's interval: by the
 * Bhatia–Davis inequality (Bhatia & Davis 2000, The American Mathematical Monthly 107, 353–357)
 * no variable on [min, max] with that mean varies more, so the interval is not narrower than the
 * data allow.
 */
export function periodInterval(
  m: PeriodMoments,
  scale: ScoreScale,
  confidence: number,
): [number, number] {
  checkParameter('confidence', confidence, confidence > 0 && confidence < 1, 'between 0 and 1')
  checkParameter('n', m.n, m.n >= 2, 'at least 2 answers')
  if (scale.kind === 'nps') {
    const { promoters, detractors } = npsCounts(m)
    return npsScoreInterval(promoters, detractors, m.n, confidence)!
  }
  if (scale.kind === 'share') {
    const share = Math.min(1, Math.max(0, m.mean / 100))
    const [low, high] = wilsonInterval(share * m.n, m.n, confidence)!
    return [100 * low, 100 * high]
  }
  const { min, max } = scale
  checkParameter('max', max, max > min, `a scale top above its bottom ${min}`)
  const mean = Math.min(max, Math.max(min, m.mean))
  if (m.variance === 0) {
    const share = (mean - min) / (max - min)
    const [low, high] = wilsonInterval(share * m.n, m.n, confidence)!
    return [min + (max - min) * low, min + (max - min) * high]
  }
  const half = studentTQuantile(1 - (1 - confidence) / 2, m.n - 1) * Math.sqrt(m.variance / m.n)
  return [Math.max(min, mean - half), Math.min(max, mean + half)]
}

/** The MOVER interval of Σ sign_i·θ_i at the given confidence (Newcombe 2001; Zou & Donner 2008). */
export function moverInterval(
  terms: ReadonlyArray<readonly [sign: 1 | -1, period: PeriodMoments]>,
  scale: ScoreScale,
  confidence: number,
): [number, number] {
  let estimate = 0
  let below = 0
  let above = 0
  for (const [sign, period] of terms) {
    const [low, high] = periodInterval(period, scale, confidence)
    const mean = period.mean
    estimate += sign * mean
    // A positive term lowers the sum towards its lower bound; a negative one towards its upper.
    const down = sign === 1 ? mean - low : high - mean
    const up = sign === 1 ? high - mean : mean - low
    below += Math.max(0, down) ** 2
    above += Math.max(0, up) ** 2
  }
  return [estimate - Math.sqrt(below), estimate + Math.sqrt(above)]
}

/**
 * The two-sided p-value of "the sum is 0" that agrees with the interval: the largest α whose
 * (1 − α) MOVER interval still excludes 0 (found by bisection on α; the interval narrows as α
 * grows). 1 when the estimate is 0; below 1e-12 reported as 1e-12.
 */
export function moverPValue(
  terms: ReadonlyArray<readonly [sign: 1 | -1, period: PeriodMoments]>,
  scale: ScoreScale,
): number {
  const estimate = terms.reduce((sum, [sign, p]) => sum + sign * p.mean, 0)
  if (estimate === 0) return 1
  const excludesZero = (alpha: number) => {
    const [low, high] = moverInterval(terms, scale, 1 - alpha)
    return estimate > 0 ? low > 0 : high < 0
  }
  let lo = 1e-12
  let hi = 1 - 1e-9
  if (excludesZero(lo)) return lo
  if (!excludesZero(hi)) return 1
  // Bisection on log α: α spans twelve decades.
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi)
    if (excludesZero(mid)) hi = mid
    else lo = mid
  }
  return hi
}
