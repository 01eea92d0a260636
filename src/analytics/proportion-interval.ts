import { normalQuantile } from './distributions.js'

/**
 * Wilson score interval for a binomial proportion (Wilson 1927, JASA 22,
 * 209–212); the same as R's `prop.test(x, n, correct = FALSE)`. Unlike the
 * Wald interval it stays inside [0, 1] and behaves at 0 and n successes.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  confidence = 0.95,
): [number, number] | null {
  if (n <= 0) return null
  const z = normalQuantile(1 - (1 - confidence) / 2)
  const p = successes / n
  const z2n = (z * z) / n
  const centre = (p + z2n / 2) / (1 + z2n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n)
  return [centre - half, centre + half]
}
