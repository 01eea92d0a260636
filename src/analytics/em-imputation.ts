import { ValidationError } from '../shared/errors.js'
import { inverse, type Matrix } from './matrix.js'

/**
 * Maximum-likelihood mean and covariance of multivariate-normal data with blanks, by the EM
 * algorithm (Dempster, Laird & Rubin 1977; Little & Rubin 2019, Statistical Analysis with Missing
 * Data, §11.2), and the blanks filled with their conditional expectations given the row's
 * observed values at the ML estimates — what SPSS's MVA /EM writes out. E-step: x̂_m = μ_m +
 * Σ_mo Σ_oo⁻¹ (x_o − μ_o), C = Σ_mm − Σ_mo Σ_oo⁻¹ Σ_om; M-step: μ = Σx̂/n,
 * Σ = (Σ x̂x̂ᵀ + C)/n − μμᵀ. Assumes the blanks are missing at random. Rows are arrays over the
 * variables, null for a blank.
 */

export interface EmResult {
  mean: number[]
  /** ML covariance (divisor n). */
  covariance: Matrix
  /** The rows with each blank replaced by its conditional expectation. */
  filled: number[][]
  imputed: number
  iterations: number
  converged: boolean
}

export function emImpute(rows: ReadonlyArray<ReadonlyArray<number | null>>): EmResult {
  const n = rows.length
  const p = rows[0]?.length ?? 0
  const observed = (j: number) => rows.flatMap((r) => (r[j] === null ? [] : [r[j]!]))
  for (let j = 0; j < p; j++)
    if (observed(j).length < 2)
      throw new ValidationError(
        'NOT_ENOUGH_DATA',
        `Column ${j + 1} has fewer than two answers; its mean and variance cannot be estimated.`,
        [{ path: `columns[${j}]`, reason: 'fewer than two answers', allowed: 'two or more' }],
      )
  let mean = Array.from({ length: p }, (_, j) => {
    const v = observed(j)
    return v.reduce((a, b) => a + b, 0) / v.length
  })
  let cov: Matrix = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      if (i !== j) return 0
      const v = observed(j)
      return v.reduce((s, x) => s + (x - mean[j]!) ** 2, 0) / v.length
    }),
  )
  let filled: number[][] = []
  let iterations = 0
  let converged = false
  for (; iterations < 1000; iterations++) {
    const t1 = new Array<number>(p).fill(0)
    const t2: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0))
    filled = rows.map((row) => {
      const o = row.flatMap((v, j) => (v === null ? [] : [j]))
      const m = row.flatMap((v, j) => (v === null ? [j] : []))
      const x = row.map((v, j) => v ?? mean[j]!)
      const c: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0))
      if (m.length > 0 && o.length > 0) {
        const soo = inverse(
          o.map((a) => o.map((b) => cov[a]![b]!)),
          'the observed variables',
        )
        const dev = o.map((a) => row[a]! - mean[a]!)
        // B = Σ_mo Σ_oo⁻¹ (|m| × |o|)
        const b = m.map((a) =>
          o.map((_, k) => o.reduce((s, bb, l) => s + cov[a]![bb]! * soo[l]![k]!, 0)),
        )
        m.forEach((a, i) => {
          x[a] = mean[a]! + b[i]!.reduce((s, coef, k) => s + coef * dev[k]!, 0)
          m.forEach((aa) => {
            c[a]![aa] = cov[a]![aa]! - b[i]!.reduce((s, coef, k) => s + coef * cov[o[k]!]![aa]!, 0)
          })
        })
      } else if (m.length > 0) for (const a of m) for (const aa of m) c[a]![aa] = cov[a]![aa]!
      for (let i = 0; i < p; i++) {
        t1[i]! += x[i]!
        for (let j = 0; j < p; j++) t2[i]![j]! += x[i]! * x[j]! + c[i]![j]!
      }
      return x
    })
    const nextMean = t1.map((s) => s / n)
    const nextCov = t2.map((row, i) => row.map((s, j) => s / n - nextMean[i]! * nextMean[j]!))
    let change = 0
    for (let i = 0; i < p; i++) {
      change = Math.max(change, Math.abs(nextMean[i]! - mean[i]!))
      for (let j = 0; j < p; j++) change = Math.max(change, Math.abs(nextCov[i]![j]! - cov[i]![j]!))
    }
    mean = nextMean
    cov = nextCov
    if (change < 1e-12) {
      converged = true
      break
    }
  }
  return {
    mean,
    covariance: cov,
    filled,
    imputed: rows.reduce((s, r) => s + r.filter((v) => v === null).length, 0),
    iterations: iterations + 1,
    converged,
  }
}
