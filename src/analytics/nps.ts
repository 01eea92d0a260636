import { normalQuantile, twoSidedNormalP } from './distributions.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { LOW_CONFIDENCE_N } from './sample-size.js'

export interface NpsCounts {
  promoters: number
  passives: number
  detractors: number
}

export interface NpsResult extends NpsCounts {
  n: number
  /** NPS in points, −100..100; null when n = 0. */
  nps: number | null
  /** Variance per respondent of the +1/0/−1 score, on the proportion scale. */
  variance: number | null
  /** Standard error in points. */
  se: number | null
  /**
   * Adjusted-Wald interval in points (Rocks 2016), the interval Manyi shows: within −100…100 and
   * containing the estimate (interval-bounds.ts); null below MIN_INTERVAL_N answers.
   */
  ci95: [number, number] | null
  /** Plain Wald interval in points, kept for comparison with other tools. */
  wald95: [number, number] | null
  lowConfidence: boolean
}

const Z95 = normalQuantile(0.975)

/** Bucket one 0–10 answer: promoters 9–10, passives 7–8, detractors 0–6 (Reichheld 2003). */
export function classifyNpsScore(score: number): keyof NpsCounts {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`NPS score must be an integer 0–10, got ${score}`)
  }
  if (score >= 9) return 'promoters'
  if (score >= 7) return 'passives'
  return 'detractors'
}

/** Count promoters, passives and detractors among 0–10 answers; skips (null) are left out. */
export function countNpsScores(scores: ReadonlyArray<number | null>): NpsCounts {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 }
  for (const score of scores) if (score !== null) counts[classifyNpsScore(score)]++
  return counts
}

/** Multinomial variance per respondent of p̂ − d̂: p + d − (p − d)² (CYBAEA 2016). */
function npsVariance(p: number, d: number): number {
  return p + d - (p - d) ** 2
}

/**
 * NPS = 100·(p − d), with p, d the shares of promoters (9–10) and detractors
 * (0–6) among those who answered (Reichheld 2003, HBR 81(12)). SE = √(V/n).
 * The shown interval is Rocks' (2016) adjusted Wald: add 3/4 to promoters and
 * detractors and 3 to n, which keeps its coverage near 95% at small n and
 * does not collapse when everyone is a promoter. n = 0 gives nulls.
 */
export function computeNps(counts: NpsCounts): NpsResult {
  const n = counts.promoters + counts.passives + counts.detractors
  const lowConfidence = n < LOW_CONFIDENCE_N
  if (n === 0) {
    return {
      ...counts,
      n,
      nps: null,
      variance: null,
      se: null,
      ci95: null,
      wald95: null,
      lowConfidence,
    }
  }
  const p = counts.promoters / n
  const d = counts.detractors / n
  const variance = npsVariance(p, d)
  const se = Math.sqrt(variance / n)
  const pt = (counts.promoters + 0.75) / (n + 3)
  const dt = (counts.detractors + 0.75) / (n + 3)
  const seAdjusted = Math.sqrt(npsVariance(pt, dt) / (n + 3))
  const nps = 100 * (p - d)
  const adjusted: [number, number] = [
    100 * (pt - dt - Z95 * seAdjusted),
    100 * (pt - dt + Z95 * seAdjusted),
  ]
  return {
    ...counts,
    n,
    nps,
    variance,
    se: 100 * se,
    ci95: n < MIN_INTERVAL_N ? null : boundedInterval(adjusted, nps, [-100, 100]),
    wald95: [100 * (p - d - Z95 * se), 100 * (p - d + Z95 * se)],
    lowConfidence,
  }
}

export interface NpsComparison {
  /** NPS(a) − NPS(b) in points. */
  difference: number
  /** Standard error of the difference, in points. */
  se: number
  /** Wald 95% interval of the signed difference, in points. */
  ci95: [number, number]
  z: number
  pValue: number
}

/**
 * Compare two independent NPS values: z = (NPS₁ − NPS₂)/√(V₁/n₁ + V₂/n₂),
 * two-sided normal p-value (Rocks 2016). Not for paired or panel data.
 * Returns null when either group is empty or both variances are zero.
 */
export function compareNps(a: NpsCounts, b: NpsCounts): NpsComparison | null {
  const ra = computeNps(a)
  const rb = computeNps(b)
  if (ra.variance === null || rb.variance === null) return null
  const se = Math.sqrt(ra.variance / ra.n + rb.variance / rb.n)
  if (se === 0) return null
  const difference = (ra.nps! - rb.nps!) / 100
  const z = difference / se
  return {
    difference: 100 * difference,
    se: 100 * se,
    ci95: [100 * (difference - Z95 * se), 100 * (difference + Z95 * se)],
    z,
    pValue: twoSidedNormalP(z),
  }
}
