import { normalCdf, normalQuantile } from './distributions.js'

/**
 * Bias-corrected and accelerated (BCa) bootstrap interval (Efron, B. (1987). Better bootstrap
 * confidence intervals. JASA 82(397), 171–185; Efron & Tibshirani 1993, An Introduction to the
 * Bootstrap, §14.3): with ẑ₀ = Φ⁻¹(#{θ*_b < θ̂}/B) and the acceleration from the jackknife values
 * θ₍ᵢ₎, â = Σ(θ̄₍·₎ − θ₍ᵢ₎)³ / (6·[Σ(θ̄₍·₎ − θ₍ᵢ₎)²]^{3/2}), the interval is the
 * α₁ and α₂ quantiles of the bootstrap replicates, α₁,₂ = Φ(ẑ₀ + (ẑ₀ + z_{γ/2, 1−γ/2})/(1 − â(ẑ₀ + z))).
 * Quantiles are R's type 7. Null when it is undefined: fewer than 2 replicates, or every
 * replicate on one side of θ̂ (ẑ₀ infinite). Jackknife values that are all equal give â = 0.
 */

export interface BcaInterval {
  interval: [number, number]
  z0: number
  acceleration: number
}

/** R's default quantile (Hyndman & Fan 1996, type 7) of sorted values. */
export function quantileType7(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.min(low + 1, sorted.length - 1)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}

/** The jackknife acceleration â; 0 when the jackknife values do not vary. */
export function jackknifeAcceleration(jackknife: readonly number[]): number {
  const m = jackknife.reduce((a, b) => a + b, 0) / jackknife.length
  let num = 0
  let den = 0
  for (const t of jackknife) {
    const d = m - t
    num += d ** 3
    den += d * d
  }
  return den > 0 ? num / (6 * den ** 1.5) : 0
}

export function bcaInterval(
  estimate: number,
  replicates: readonly number[],
  jackknife: readonly number[],
  confidence = 0.95,
): BcaInterval | null {
  if (replicates.length < 2 || jackknife.length < 2) return null
  const below = replicates.filter((r) => r < estimate).length
  if (below === 0 || below === replicates.length) return null
  const z0 = normalQuantile(below / replicates.length)
  const acceleration = jackknifeAcceleration(jackknife)
  const sorted = [...replicates].sort((a, b) => a - b)
  const tail = (1 - confidence) / 2
  const adjusted = (q: number) => {
    const z = normalQuantile(q)
    const level = normalCdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
    return quantileType7(sorted, Math.min(1, Math.max(0, level)))
  }
  const interval: [number, number] = [adjusted(tail), adjusted(1 - tail)]
  if (!interval.every(Number.isFinite)) return null
  return { interval, z0, acceleration }
}
