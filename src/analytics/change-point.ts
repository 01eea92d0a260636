/**
 * Single change-point detection. Pure and exhaustive (O(n)); indices are the
 * 0-based position of the last observation of the first segment.
 */

export interface MeanChangePoint {
  /** Last index of the first segment. */
  index: number
  meanBefore: number
  meanAfter: number
  rss: number
  rssNoChange: number
}

/** Least-squares change in mean: τ̂ = argmin RSS(1..τ) + RSS(τ+1..n) (cf. strucchange, Zeileis et al. 2002). */
export function detectMeanChange(
  values: readonly number[],
  minSegment = 1,
): MeanChangePoint | null {
  const n = values.length
  if (n < 2 * minSegment) return null
  const prefix = [0]
  const prefixSq = [0]
  for (const v of values) {
    prefix.push(prefix.at(-1)! + v)
    prefixSq.push(prefixSq.at(-1)! + v * v)
  }
  const rssOf = (from: number, to: number) => {
    const m = to - from
    const s = prefix[to]! - prefix[from]!
    return prefixSq[to]! - prefixSq[from]! - (s * s) / m
  }
  let best: MeanChangePoint | null = null
  for (let tau = minSegment; tau <= n - minSegment; tau++) {
    const rss = rssOf(0, tau) + rssOf(tau, n)
    if (!best || rss < best.rss) {
      best = {
        index: tau - 1,
        meanBefore: prefix[tau]! / tau,
        meanAfter: (prefix[n]! - prefix[tau]!) / (n - tau),
        rss,
        rssNoChange: rssOf(0, n),
      }
    }
  }
  return best
}

export interface RateChangePoint {
  index: number
  rateBefore: number
  rateAfter: number
  /** Likelihood-ratio statistic 2(ℓ₁ − ℓ₀) against no change. */
  lrStatistic: number
}

/**
 * Change in a Poisson rate (e.g. complaints per day): maximizes
 * Σ_seg [S·ln(S/m) − S] over the split (Jarrett 1979 data; Carlin et al. 1992).
 */
export function detectRateChange(counts: readonly number[]): RateChangePoint | null {
  const n = counts.length
  if (n < 2) return null
  const total = counts.reduce((a, b) => a + b, 0)
  const segment = (s: number, m: number) => (s === 0 ? 0 : s * Math.log(s / m) - s)
  const noChange = segment(total, n)
  let best: RateChangePoint | null = null
  let before = 0
  for (let tau = 1; tau < n; tau++) {
    before += counts[tau - 1]!
    const ll = segment(before, tau) + segment(total - before, n - tau)
    const lr = 2 * (ll - noChange)
    if (!best || lr > best.lrStatistic)
      best = {
        index: tau - 1,
        rateBefore: before / tau,
        rateAfter: (total - before) / (n - tau),
        lrStatistic: lr,
      }
  }
  return best
}
