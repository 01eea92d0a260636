import { studentTQuantile } from './distributions.js'
import { distributionMean } from './csat.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { flatScaleMeanInterval } from './scale-mean-interval.js'
import { LOW_CONFIDENCE_N } from './sample-size.js'
import { countAtLeast, distributionTotal, type ScoreDistribution } from './score-distribution.js'

export interface CesResult {
  n: number
  /** Mean agreement on 1–7; higher means less effort. Null when n = 0. */
  mean: number | null
  /** Sample standard deviation (n − 1). */
  sd: number | null
  /**
   * Student-t 95% interval of the mean, within the scale; when every answer is the same (SD 0) the
   * bounded score interval of scale-mean-interval.ts instead of a point; null below MIN_INTERVAL_N.
   */
  ci95: [number, number] | null
  /** Share agreeing (5–7) in percent. */
  agreeShare: number | null
  lowConfidence: boolean
}

/**
 * CES 2.0: agreement with "[The company] made it easy for me to handle my
 * issue", 1 strongly disagree … 7 strongly agree (Dixon, Toman & DeLisi 2013,
 * The Effortless Experience). Reported as the mean with a t interval
 * (mean ± t₀.₉₇₅,ₙ₋₁·s/√n) and the share agreeing (5–7).
 */
export function computeCes(distribution: ScoreDistribution): CesResult {
  const n = distributionTotal(distribution)
  const mean = distributionMean(distribution)
  const lowConfidence = n < LOW_CONFIDENCE_N
  if (mean === null) return { n, mean: null, sd: null, ci95: null, agreeShare: null, lowConfidence }
  const agreeShare = (100 * countAtLeast(distribution, 5)) / n
  if (n < 2) return { n, mean, sd: null, ci95: null, agreeShare, lowConfidence }
  let squares = 0
  distribution.counts.forEach((count, i) => (squares += count * (distribution.min + i - mean) ** 2))
  const sd = Math.sqrt(squares / (n - 1))
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)
  const scale: [number, number] = [
    distribution.min,
    distribution.min + distribution.counts.length - 1,
  ]
  const ci95 =
    n < MIN_INTERVAL_N
      ? null
      : sd === 0
        ? flatScaleMeanInterval(mean, n, scale)
        : boundedInterval([mean - half, mean + half], mean, scale)
  return { n, mean, sd, ci95, agreeShare, lowConfidence }
}
