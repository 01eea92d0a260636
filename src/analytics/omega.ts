import { ValidationError } from '../shared/errors.js'
import { noVariance } from './input-checks.js'
import { covariance, type Matrix, symmetricEigen, variance } from './matrix.js'
import { weightedMoments } from './weighted-moments.js'

/**
 * McDonald's ω total of a sum score from a one-factor (congeneric) model (McDonald 1999, Test
 * Theory: A Unified Treatment, ch. 6; Zinbarg, Revelle, Yovel & Li 2005, Psychometrika 70,
 * 123–133): with loadings λ and unique variances ψ of the items,
 *   ω = (Σλ)² / ((Σλ)² + Σψ).
 * The factor model is fitted by maximum likelihood to the item covariance matrix S (what R's
 * factanal and lavaan's cfa fit): at the optimum λ = Ψ^{1/2}·v·√(θ − 1), with θ, v the largest
 * eigenvalue and its vector of Ψ^{−1/2} S Ψ^{−1/2}, and diag(λλᵀ + Ψ) = diag(S) (Jöreskog 1967,
 * Psychometrika 32, 443–482); the two conditions are iterated to a fixed point. A unique variance
 * that would fall below 0.5% of its item's variance (a Heywood case) is held there and reported.
 * Unlike α, ω does not assume every item measures the factor equally well (tau-equivalence), so
 * ω ≥ α whenever the one-factor model holds.
 */

export interface OmegaResult {
  /** ω total of the raw sum score. */
  omega: number
  /** Loadings on the covariance scale, one per item, sign-fixed so their sum is positive. */
  loadings: number[]
  /** Standardized loadings λ/sd (on the correlation scale). */
  standardizedLoadings: number[]
  uniqueVariances: number[]
  iterations: number
  /** Whether the ML fit settled; when not (near a Heywood case), ω is approximate. */
  converged: boolean
  /** Items whose unique variance hit the lower bound (a Heywood case: the fit is improper). */
  heywood: number[]
}

const HEYWOOD_FLOOR = 0.005

/** ω from a covariance matrix of k ≥ 3 items (with 2 items a one-factor model is not identified). */
export function omegaFromCovariance(s: Matrix, names?: readonly string[]): OmegaResult {
  const k = s.length
  if (k < 3)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `McDonald’s ω needs at least three items (a one-factor model of ${k} is not identified).`,
      [{ path: 'items', reason: `${k} items`, allowed: 'three or more' }],
    )
  s.forEach((row, i) => {
    if (!(row[i]! > 0)) throw noVariance(names?.[i] ?? `item ${i + 1}`, 'its factor loading')
  })
  const floor = s.map((row, i) => HEYWOOD_FLOOR * row[i]!)
  // One step of the fixed point: ψ → λ (largest eigenpair) → diag(S − λλᵀ), floored.
  const step = (psi: readonly number[]): { psi: number[]; lambda: number[] } => {
    const root = psi.map(Math.sqrt)
    const scaled = s.map((row, i) => row.map((v, j) => v / (root[i]! * root[j]!)))
    const { values, vectors } = symmetricEigen(scaled)
    let top = 0
    for (let i = 1; i < k; i++) if (values[i]! > values[top]!) top = i
    const factor = Math.sqrt(Math.max(values[top]! - 1, 0))
    const lambda = vectors.map((row, i) => root[i]! * row[top]! * factor)
    return { lambda, psi: s.map((row, i) => Math.max(row[i]! - lambda[i]! ** 2, floor[i]!)) }
  }
  // The plain fixed point creeps near a boundary; SQUAREM (Varadhan & Roland 2008, Scand. J.
  // Statistics 35, 335–353) extrapolates along two steps and keeps the iteration monotone enough.
  let psi = s.map((row, i) => row[i]! / 2)
  let lambda: number[] = psi.map(() => 0)
  let iterations = 0
  let converged = false
  for (; iterations < 2000; iterations++) {
    const p1 = step(psi).psi
    const p2 = step(p1).psi
    const r = p1.map((x, i) => x - psi[i]!)
    const v = p2.map((x, i) => x - 2 * p1[i]! + psi[i]!)
    const norm = (a: number[]) => Math.sqrt(a.reduce((t, x) => t + x * x, 0))
    const alpha = norm(v) > 0 ? Math.min(-1, -norm(r) / norm(v)) : -1
    const jumped = psi.map((x, i) =>
      Math.max(x - 2 * alpha * r[i]! + alpha * alpha * v[i]!, floor[i]!),
    )
    const next = step(jumped)
    const change = Math.max(...next.psi.map((p, i) => Math.abs(p - psi[i]!) / s[i]![i]!))
    psi = next.psi
    lambda = next.lambda
    if (change < 1e-13) {
      converged = true
      break
    }
  }
  const heywood = psi.flatMap((p, i) => (p <= floor[i]! * (1 + 1e-9) ? [i] : []))
  if (lambda.reduce((a, b) => a + b, 0) < 0) lambda = lambda.map((l) => -l)
  const sumLambda = lambda.reduce((a, b) => a + b, 0)
  const sumPsi = psi.reduce((a, b) => a + b, 0)
  return {
    omega: sumLambda ** 2 / (sumLambda ** 2 + sumPsi),
    loadings: lambda,
    standardizedLoadings: lambda.map((l, i) => l / Math.sqrt(s[i]![i]!)),
    uniqueVariances: psi,
    iterations: iterations + 1,
    converged,
    heywood,
  }
}

/**
 * ω of item columns (each an array over the same respondents); constant items are refused. With
 * respondent weights the model is fitted to the weighted covariance S_w/(Σw − 1), what the rows
 * repeated as often as their weights would give.
 */
export function mcdonaldOmega(
  names: readonly string[],
  columns: ReadonlyArray<readonly number[]>,
  weights?: readonly number[],
): OmegaResult {
  columns.forEach((c, i) => {
    if (!(variance(c) > 0)) throw noVariance(names[i]!, 'its factor loading')
  })
  if (weights) {
    const { crossProducts, sumWeights } = weightedMoments(columns, weights)
    return omegaFromCovariance(
      crossProducts.map((row) => row.map((v) => v / (sumWeights - 1))),
      names,
    )
  }
  const s = columns.map((a) => columns.map((b) => covariance(a, b)))
  return omegaFromCovariance(s, names)
}
