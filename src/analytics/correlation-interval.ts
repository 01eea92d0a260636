import { normalQuantile } from './distributions.js'
import { noVariance, valueOutOfRange } from './input-checks.js'

export interface CorrelationInterval {
  n: number
  /** Pearson's r. */
  r: number
  /**
   * 95% interval by Fisher's z transformation, tanh(atanh r ± 1.96/√(n − 3)) (Fisher 1921; the
   * interval R's cor.test reports).
   */
  ci95: [number, number]
}

/**
 * Pearson's correlation of paired values with Fisher's z interval. Needs at least 4 pairs (the
 * interval's standard error is 1/√(n − 3)), finite values and a spread in both; r = ±1 gives the
 * degenerate interval [r, r].
 */
export function correlationWithInterval(
  x: readonly number[],
  y: readonly number[],
): CorrelationInterval {
  if (x.length !== y.length) {
    throw valueOutOfRange('y', `x has ${x.length} values and y ${y.length}.`, 'pairs')
  }
  const n = x.length
  if (n < 4) throw valueOutOfRange('x', `${n} pairs are too few for an interval.`, 'at least 4')
  for (let i = 0; i < n; i += 1) {
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!)) {
      throw valueOutOfRange(String(i), `pair ${i} is not a pair of numbers.`, 'finite numbers')
    }
  }
  const meanX = x.reduce((a, b) => a + b, 0) / n
  const meanY = y.reduce((a, b) => a + b, 0) / n
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (let i = 0; i < n; i += 1) {
    const dx = x[i]! - meanX
    const dy = y[i]! - meanY
    sxx += dx * dx
    syy += dy * dy
    sxy += dx * dy
  }
  if (sxx === 0) throw noVariance('x', 'the correlation')
  if (syy === 0) throw noVariance('y', 'the correlation')
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
  if (Math.abs(r) === 1) return { n, r, ci95: [r, r] }
  const half = normalQuantile(0.975) / Math.sqrt(n - 3)
  const z = Math.atanh(r)
  return { n, r, ci95: [Math.tanh(z - half), Math.tanh(z + half)] }
}
