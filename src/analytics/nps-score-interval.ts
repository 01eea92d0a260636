import { checkParameter } from './input-checks.js'
import { normalQuantile } from './distributions.js'

/**
 * Score interval for NPS = p − d, the difference of two shares of one multinomial sample
 * (promoters, passives, detractors). It inverts the score test of H₀: π_P − π_D = Δ, as Tango
 * (1998, Statistics in Medicine 17, 891–908) does for the difference of paired proportions,
 * whose discordant cells play the promoters and detractors and concordant ones the passives:
 *   T(Δ) = (P − D − nΔ) / √(n·(2q̃ + Δ(1 − Δ))),
 * with q̃ the maximum-likelihood π_D under H₀: 2n q² + W q − D Δ(1 − Δ) = 0,
 * W = −P − D + (2n − P + D)Δ. The interval {Δ : |T(Δ)| ≤ z} is found by bisection. Like
 * Wilson's interval (its special case: with no passives it is 2·Wilson − 1 for the promoters'
 * share), it lies within −1…1, contains the estimate and does not collapse at 100% promoters.
 * Counts may be fractional (effective counts of weighted data, Kish 1965). Returned in points.
 */
export function npsScoreInterval(
  promoters: number,
  detractors: number,
  n: number,
  confidence = 0.95,
): [number, number] | null {
  checkParameter('n', n, n >= 0, 'n ≥ 0')
  checkParameter(
    'promoters',
    promoters,
    promoters >= 0 && detractors >= 0 && promoters + detractors <= n * (1 + 1e-12),
    'promoters and detractors ≥ 0, together at most n',
  )
  if (n === 0) return null
  const z = normalQuantile(1 - (1 - confidence) / 2)
  const estimate = (promoters - detractors) / n
  const score = (delta: number) => {
    const w = -promoters - detractors + (2 * n - promoters + detractors) * delta
    const q =
      (-w + Math.sqrt(Math.max(0, w * w + 8 * n * detractors * delta * (1 - delta)))) / (4 * n)
    const variance = n * (2 * q + delta * (1 - delta))
    const numerator = promoters - detractors - n * delta
    if (variance <= 0) return numerator === 0 ? 0 : Math.sign(numerator) * Number.POSITIVE_INFINITY
    return numerator / Math.sqrt(variance)
  }
  // T decreases in Δ; find where it crosses ±z on each side of the estimate.
  const solve = (from: number, to: number, target: number) => {
    let lo = from
    let hi = to
    for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
      const mid = (lo + hi) / 2
      if (score(mid) > target) lo = mid
      else hi = mid
    }
    return (lo + hi) / 2
  }
  const lower = score(-1) <= z ? -1 : solve(-1, estimate, z)
  const upper = score(1) >= -z ? 1 : solve(estimate, 1, -z)
  return [100 * Math.min(lower, estimate), 100 * Math.max(upper, estimate)]
}
