import { ValidationError } from '../shared/errors.js'
import { nelderMead, requireInteriorMaximum } from './clv-nelder-mead.js'
import { logGamma } from './distributions.js'
import { valueOutOfRange } from './input-checks.js'

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your Customers" the
 * Easy Way: An Alternative to the Pareto/NBD Model, Marketing Science 24(2), 275–284; the
 * derivations in Fader, Hardie & Lee 2007, "Computing P(alive) using the BG/NBD model"). While
 * alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b). A customer's summary is x (repeat purchases), t_x (time of the last
 * one) and T (time since the first purchase), all in one time unit (CDNOW: weeks).
 */

/** One customer's purchase summary: x repeat purchases, the last at t_x, observed for T. */
export interface RfmCustomer {
  /** Repeat purchases (x): a whole number ≥ 0. */
  frequency: number
  /** Time of the last repeat purchase since the first purchase (t_x): 0 when x = 0. */
  recency: number
  /** Time since the first purchase (T): > 0 and ≥ t_x. */
  age: number
}

export interface BgNbdParameters {
  r: number
  alpha: number
  a: number
  b: number
}

export interface BgNbdFit extends BgNbdParameters {
  logLikelihood: number
  customers: number
  iterations: number
  converged: boolean
}

/** Where a customer's field is, for the error: by default `customers[i].field`. */
export type Locate = (index: number, field: 'frequency' | 'recency' | 'age' | 'spend') => string

const defaultLocate: Locate = (i, field) => `customers[${i}].${field}`

/**
 * Refuses a summary no purchase history can produce: a fractional or negative x, a negative or
 * missing time, t_x > T, x > 0 with t_x = 0 (a repeat purchase at the moment of the first), x = 0
 * with t_x ≠ 0 (a last repeat purchase without any), T = 0.
 */
export function checkRfmCustomers(
  customers: readonly RfmCustomer[],
  locate: Locate = defaultLocate,
): void {
  customers.forEach((c, i) => {
    const { frequency: x, recency: tx, age: T } = c
    if (!(Number.isInteger(x) && x >= 0))
      throw valueOutOfRange(
        locate(i, 'frequency'),
        `${locate(i, 'frequency')}: frequency ${x} is not a count of repeat purchases (a whole number ≥ 0).`,
        'whole numbers ≥ 0',
      )
    if (!(Number.isFinite(T) && T > 0))
      throw valueOutOfRange(
        locate(i, 'age'),
        `${locate(i, 'age')}: age ${T} must be a time above 0 (since the first purchase).`,
        'T > 0',
      )
    if (!(Number.isFinite(tx) && tx >= 0))
      throw valueOutOfRange(
        locate(i, 'recency'),
        `${locate(i, 'recency')}: recency ${tx} must be a time ≥ 0.`,
        't_x ≥ 0',
      )
    if (tx > T)
      throw valueOutOfRange(
        locate(i, 'recency'),
        `${locate(i, 'recency')}: recency ${tx} is after the end of observation (age ${T}).`,
        `0 ≤ t_x ≤ T (${T})`,
      )
    if (x > 0 && tx === 0)
      throw valueOutOfRange(
        locate(i, 'recency'),
        `${locate(i, 'recency')}: ${x} repeat purchases cannot have their last one at time 0 (the first purchase).`,
        't_x > 0 when x > 0',
      )
    if (x === 0 && tx !== 0)
      throw valueOutOfRange(
        locate(i, 'recency'),
        `${locate(i, 'recency')}: recency ${tx} without any repeat purchase (frequency 0); it must be 0.`,
        't_x = 0 when x = 0',
      )
  })
}

/**
 * One customer's log-likelihood (Fader, Hardie & Lee 2005, eq. 6, written with log-gammas so that
 * no hypergeometric function is needed):
 *   ln L = A1 + A2 + ln(e^A3 + δ(x>0)·e^A4), with
 *   A1 = lnΓ(r+x) − lnΓ(r) + r ln α,   A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 *   A3 = −(r+x) ln(α+T),               A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 */
export function bgNbdLogLikelihood(
  { r, alpha, a, b }: BgNbdParameters,
  customers: readonly RfmCustomer[],
): number {
  const constant = r * Math.log(alpha) + logGamma(a + b) - logGamma(r) - logGamma(b)
  // The log-gammas depend on x alone: computed once per distinct x (a base has few).
  const byX = new Map<number, number>()
  let total = 0
  for (const { frequency: x, recency: tx, age: T } of customers) {
    let a1a2 = byX.get(x)
    if (a1a2 === undefined) {
      a1a2 = logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x)
      byX.set(x, a1a2)
    }
    const a3 = -(r + x) * Math.log(alpha + T)
    let tail = a3
    if (x > 0) {
      const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx)
      const hi = Math.max(a3, a4)
      tail = hi + Math.log(Math.exp(a3 - hi) + Math.exp(a4 - hi))
    }
    total += constant + a1a2 + tail
  }
  return total
}

/**
 * Maximum-likelihood BG/NBD parameters: Nelder–Mead on (ln r, ln α, ln a, ln b), so every parameter
 * stays positive, started at r = α = a = b = 1 (deterministic). Refuses impossible summaries
 * (checkRfmCustomers) and a base in which nobody bought again (no repeat purchase: the
 * likelihood has no maximum).
 */
export function fitBgNbd(customers: readonly RfmCustomer[], locate?: Locate): BgNbdFit {
  checkRfmCustomers(customers, locate)
  if (!customers.some((c) => c.frequency > 0))
    throw new ValidationError(
      'MODEL_NOT_ESTIMABLE',
      `None of the ${customers.length} customers made a repeat purchase, so the purchase and drop-out rates cannot be estimated.`,
      [
        {
          path: 'frequency',
          reason: 'no repeat purchases',
          allowed: 'at least one customer with x > 0',
        },
      ],
    )
  const negLL = (v: readonly number[]) =>
    -bgNbdLogLikelihood(
      { r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) },
      customers,
    )
  const best = nelderMead(negLL, [0, 0, 0, 0], { fTolerance: 1e-8, xTolerance: 1e-7 })
  requireInteriorMaximum('BG/NBD', best, ['r', 'α', 'a', 'b'])
  const [r, alpha, a, b] = best.point.map(Math.exp) as [number, number, number, number]
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -best.value,
    customers: customers.length,
    iterations: best.iterations,
    converged: best.converged,
  }
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
 * (Fader, Hardie & Lee 2005, eq. 11).
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, c: RfmCustomer): number {
  if (c.frequency === 0) return 1
  const x = c.frequency
  const ratio = Math.exp((r + x) * (Math.log(alpha + c.age) - Math.log(alpha + c.recency)))
  return 1 / (1 + (a / (b + x - 1)) * ratio)
}

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1 (Abramowitz &
 * Stegun 15.1.1); the BG/NBD expectations only take z = t/(α+T+t) < 1.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 series needs 0 ≤ z < 1, got ${z}`)
  let term = 1
  let sum = 1
  for (let n = 0; n < 100000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1))
    sum += term
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum
  }
  return sum
}

/**
 * Expected purchases of a new, randomly chosen customer in (0, t] (Fader, Hardie & Lee 2005, eq. 9):
 *   E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))].
 */
export function expectedPurchases({ r, alpha, a, b }: BgNbdParameters, t: number): number {
  if (t === 0) return 0
  const head = (a + b - 1) / (a - 1)
  return (
    head * (1 - (alpha / (alpha + t)) ** r * hypergeometric2F1(r, b, a + b - 1, t / (alpha + t)))
  )
}

/**
 * Expected purchases in the next t of a customer with summary (x, t_x, T) (Fader, Hardie & Lee
 * 2005, eq. 10):
 *   E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *                         / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 */
export function conditionalExpectedPurchases(
  params: BgNbdParameters,
  c: RfmCustomer,
  t: number,
): number {
  if (t === 0) return 0
  const { r, alpha, a, b } = params
  const x = c.frequency
  const z = t / (alpha + c.age + t)
  const head = (a + b + x - 1) / (a - 1)
  const bracket =
    1 -
    ((alpha + c.age) / (alpha + c.age + t)) ** (r + x) *
      hypergeometric2F1(r + x, b + x, a + b + x - 1, z)
  return (head * bracket * probabilityAlive(params, c)) as number
}
