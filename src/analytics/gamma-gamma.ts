import { ValidationError } from '../shared/errors.js'
import { nelderMead, requireInteriorMaximum } from './clv-nelder-mead.js'
import { logGamma } from './distributions.js'
import { valueOutOfRange } from './input-checks.js'

/**
 * The Gamma-Gamma model of spend per transaction (Colombo & Jiang 1999, A stochastic RFM model,
 * Journal of Interactive Marketing 13(3), 2–12; Fader, Hardie & Lee 2005, RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis, Journal of Marketing Research 42(4), 415–430; the
 * note "The Gamma-Gamma Model of Monetary Value", Fader & Hardie 2013). A customer's transactions
 * are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; only customers with repeat purchases
 * (x > 0) and their mean repeat spend m_x enter. Independent of the purchase process, as the model
 * assumes (check the correlation of x and m_x before relying on it).
 */

export interface SpendCustomer {
  /** Repeat purchases x (> 0 to enter the fit). */
  frequency: number
  /** Mean value of those repeat purchases m_x (> 0 when x > 0). */
  spend: number
}

export interface GammaGammaParameters {
  p: number
  q: number
  gamma: number
}

export interface GammaGammaFit extends GammaGammaParameters {
  logLikelihood: number
  /** Customers with x > 0 that entered the fit. */
  customers: number
  iterations: number
  converged: boolean
}

type Locate = (index: number, field: 'frequency' | 'spend') => string

/**
 * ln L for one customer (Fader & Hardie 2013, eq. 3 with the Jacobian of the mean):
 *   lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m_x + px ln x − (px+q) ln(γ + x m_x).
 */
export function gammaGammaLogLikelihood(
  { p, q, gamma }: GammaGammaParameters,
  customers: readonly SpendCustomer[],
): number {
  const byX = new Map<number, number>()
  const base = q * Math.log(gamma) - logGamma(q)
  let total = 0
  for (const { frequency: x, spend: m } of customers) {
    if (x <= 0) continue
    let g = byX.get(x)
    if (g === undefined) {
      g = logGamma(p * x + q) - logGamma(p * x) + p * x * Math.log(x)
      byX.set(x, g)
    }
    total += base + g + (p * x - 1) * Math.log(m) - (p * x + q) * Math.log(gamma + x * m)
  }
  return total
}

/** Refuses a negative or fractional x, and a mean spend that is not > 0 where x > 0 (or negative anywhere). */
export function checkSpendCustomers(
  customers: readonly SpendCustomer[],
  locate: Locate = (i, f) => `customers[${i}].${f}`,
): void {
  customers.forEach(({ frequency: x, spend: m }, i) => {
    if (!(Number.isInteger(x) && x >= 0))
      throw valueOutOfRange(
        locate(i, 'frequency'),
        `${locate(i, 'frequency')}: frequency ${x} is not a count of repeat purchases (a whole number ≥ 0).`,
        'whole numbers ≥ 0',
      )
    if (!(Number.isFinite(m) && m >= 0))
      throw valueOutOfRange(
        locate(i, 'spend'),
        `${locate(i, 'spend')}: mean spend ${m} must be a value ≥ 0 (refunds are netted before the mean).`,
        'm_x ≥ 0',
      )
    if (x > 0 && m === 0)
      throw valueOutOfRange(
        locate(i, 'spend'),
        `${locate(i, 'spend')}: ${x} repeat purchases with a mean spend of 0; the spend model needs m_x > 0.`,
        'm_x > 0 when x > 0',
      )
  })
}

/**
 * Maximum-likelihood p, q, γ by Nelder–Mead on their logarithms from (1, 1, 1), over the customers
 * with x > 0. Needs at least two such customers whose mean spends differ.
 */
export function fitGammaGamma(customers: readonly SpendCustomer[], locate?: Locate): GammaGammaFit {
  checkSpendCustomers(customers, locate)
  const repeat = customers.filter((c) => c.frequency > 0)
  if (repeat.length < 2 || repeat.every((c) => c.spend === repeat[0]!.spend))
    throw new ValidationError(
      'NO_VARIANCE',
      `The spend model needs at least two customers with repeat purchases whose mean spends differ; got ${repeat.length}.`,
      [
        {
          path: 'spend',
          reason: 'too few or identical mean spends',
          allowed: 'two or more differing m_x with x > 0',
        },
      ],
    )
  const negLL = (v: readonly number[]) =>
    -gammaGammaLogLikelihood(
      { p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) },
      repeat,
    )
  const best = nelderMead(negLL, [0, 0, 0], { fTolerance: 1e-8, xTolerance: 1e-7 })
  requireInteriorMaximum('Gamma-Gamma', best, ['p', 'q', 'γ'])
  const [p, q, gamma] = best.point.map(Math.exp) as [number, number, number]
  return {
    p,
    q,
    gamma,
    logLikelihood: -best.value,
    customers: repeat.length,
    iterations: best.iterations,
    converged: best.converged,
  }
}

/**
 * Expected mean transaction value of a customer (Fader, Hardie & Lee 2005b, eq. 5):
 *   E[M | p, q, γ, m_x, x] = (p(γ + x m_x)) / (px + q − 1),
 * a weighted mean of the population mean pγ/(q−1) and the customer's m_x. For x = 0 it is the
 * population mean, which exists only for q > 1.
 */
export function expectedAverageSpend(
  { p, q, gamma }: GammaGammaParameters,
  { frequency: x, spend: m }: SpendCustomer,
): number | null {
  if (p * x + q <= 1) return null
  return (p * (gamma + x * m)) / (p * x + q - 1)
}
