import { studentTCdf, twoSidedNormalP } from './distributions.js'

/** Tests for "did this figure change?" between two independent groups or periods. */

export interface DifferenceTest {
  /** Group 1 minus group 2, in the figure's own unit. */
  difference: number
  statistic: number
  pValue: number
}

/**
 * Two-proportion z test with the pooled variance, as R's
 * prop.test(c(x1, x2), c(n1, n2), correct = FALSE) (its χ² is z²).
 * Null when a group is empty or both shares are 0 or 1.
 */
export function compareProportions(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): DifferenceTest | null {
  if (n1 === 0 || n2 === 0) return null
  const pooled = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  if (se === 0) return null
  const difference = x1 / n1 - x2 / n2
  const z = difference / se
  return { difference, statistic: z, pValue: twoSidedNormalP(z) }
}

export interface SampleMoments {
  n: number
  mean: number
  /** Sample variance (n − 1). */
  variance: number
}

/**
 * Welch's t test for two means with unequal variances (Welch 1947), with the
 * Welch–Satterthwaite degrees of freedom; as R's t.test(x, y).
 */
export function compareMeans(
  a: SampleMoments,
  b: SampleMoments,
): (DifferenceTest & { df: number }) | null {
  if (a.n < 2 || b.n < 2) return null
  const va = a.variance / a.n
  const vb = b.variance / b.n
  if (va + vb === 0) return null
  const t = (a.mean - b.mean) / Math.sqrt(va + vb)
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
  return {
    difference: a.mean - b.mean,
    statistic: t,
    df,
    pValue: 2 * (1 - studentTCdf(Math.abs(t), df)),
  }
}
