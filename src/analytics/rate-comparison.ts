import { regularizedBeta } from './distributions.js'
import { checkParameter, valueOutOfRange } from './input-checks.js'

/**
 * "Did the rate of answers fall?" — the exact conditional test for two Poisson rates
 * (Przyborowski, J. & Wilenski, H. (1940). Homogeneity of results in testing samples from Poisson
 * series. Biometrika 31(3/4), 313–323): given x1 events over exposure t1 and x2 over t2, under
 * equal rates x1 is binomial with x1 + x2 trials and probability t1 / (t1 + t2). The one-sided
 * p-value of "the first rate is lower" is that binomial's lower tail P(X ≤ x1), as R's
 * poisson.test(c(x1, x2), c(t1, t2), alternative = "less") (which calls binom.test).
 */

/** P(X ≤ k) for X ~ Binomial(n, p), by the regularized incomplete beta: I_{1−p}(n − k, k + 1). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  checkParameter('n', n, Number.isInteger(n) && n >= 0, 'a whole number of trials, 0 or more')
  checkParameter('k', k, Number.isInteger(k) && k >= 0, 'a whole number of events, 0 or more')
  checkParameter('p', p, p >= 0 && p <= 1, 'a probability in [0, 1]')
  if (k >= n) return 1
  if (p === 0) return 1
  if (p === 1) return 0
  return regularizedBeta(1 - p, n - k, k + 1)
}

export interface RateComparison {
  /** Rate 1 over rate 2: (x1 / t1) / (x2 / t2); null when x2 is 0. */
  ratio: number | null
  /** One-sided p-value of "rate 1 is lower than rate 2". */
  pLower: number
}

/** Compares x1 events over exposure t1 with x2 events over t2 (exposures in any one unit). */
export function compareRates(x1: number, t1: number, x2: number, t2: number): RateComparison {
  for (const [name, x] of [
    ['x1', x1],
    ['x2', x2],
  ] as const)
    if (!(Number.isInteger(x) && x >= 0))
      throw valueOutOfRange(name, `${name} ${x} is not a count of events`, 'a whole number ≥ 0')
  checkParameter('t1', t1, t1 > 0, 'an exposure above 0')
  checkParameter('t2', t2, t2 > 0, 'an exposure above 0')
  return {
    ratio: x2 === 0 ? null : x1 / t1 / (x2 / t2),
    pLower: binomialLowerTail(x1, x1 + x2, t1 / (t1 + t2)),
  }
}
