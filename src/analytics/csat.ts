import { checkParameter } from './input-checks.js'
import { wilsonInterval } from './proportion-interval.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { LOW_CONFIDENCE_N } from './sample-size.js'
import { countAtLeast, distributionTotal, type ScoreDistribution } from './score-distribution.js'

export interface CsatResult {
  n: number
  /** Answers in the top two boxes (4–5 on the 1–5 scale). */
  satisfied: number
  /** Top-2-box share in percent, 0–100; null when n = 0. */
  csat: number | null
  /** Wilson 95% interval in percent (always within 0–100); null below MIN_INTERVAL_N answers. */
  ci95: [number, number] | null
  /** Mean rating, kept apart from the top-2-box share. */
  mean: number | null
  lowConfidence: boolean
}

/**
 * CSAT = share of answers in the top two boxes, 4–5 on a 1–5 scale, with a
 * Wilson score interval (Wilson 1927). `topBoxFrom` sets the cut-off for
 * other scales (6 on a 1–7 scale).
 */
export function computeCsat(distribution: ScoreDistribution, topBoxFrom = 4): CsatResult {
  const highest = distribution.min + distribution.counts.length - 1
  checkParameter(
    'topBoxFrom',
    topBoxFrom,
    Number.isInteger(topBoxFrom) && topBoxFrom > distribution.min && topBoxFrom <= highest,
    `a whole answer ${distribution.min + 1}–${highest}`,
  )
  const n = distributionTotal(distribution)
  const satisfied = countAtLeast(distribution, topBoxFrom)
  const interval = n < MIN_INTERVAL_N ? null : wilsonInterval(satisfied, n)
  const csat = n === 0 ? null : (100 * satisfied) / n
  return {
    n,
    satisfied,
    csat,
    // The Wilson bounds are 0 and 1 at 0 and n successes only up to rounding (2.8e-15).
    ci95:
      interval && csat !== null
        ? boundedInterval([100 * interval[0], 100 * interval[1]], csat, [0, 100])
        : null,
    mean: distributionMean(distribution),
    lowConfidence: n < LOW_CONFIDENCE_N,
  }
}

export function distributionMean(distribution: ScoreDistribution): number | null {
  const n = distributionTotal(distribution)
  if (n === 0) return null
  let sum = 0
  distribution.counts.forEach((count, i) => (sum += count * (distribution.min + i)))
  return sum / n
}
