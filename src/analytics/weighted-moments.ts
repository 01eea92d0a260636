import type { Matrix } from './matrix.js'
import { checkWeights } from './weighted-scores.js'

/**
 * Weighted means and cross-products of columns, the moments weighted least squares rests on:
 * with respondent weights wᵢ, x̄_w = Σwᵢxᵢ/Σwᵢ and S_jk = Σwᵢ(x_ij − x̄_j)(x_ik − x̄_k). The
 * weighted correlation S_jk/√(S_jj S_kk) is what the correlation-based methods (relative weights,
 * Shapley values, the regression table) read in place of Pearson's r, so their coefficients are
 * those of weighted least squares (Greene, Econometric Analysis ch. 9; R's lm(weights = w),
 * cov.wt). A weight of 2 gives exactly what the row repeated twice would give.
 */

export interface WeightedMoments {
  means: number[]
  /** S_jk: weighted sums of centred cross-products. */
  crossProducts: Matrix
  sumWeights: number
  /** Rows with a weight above 0 (the count the degrees of freedom use). */
  positive: number
}

export function weightedMoments(
  columns: ReadonlyArray<readonly number[]>,
  weights: readonly number[],
): WeightedMoments {
  checkWeights(weights)
  const sumWeights = weights.reduce((a, b) => a + b, 0)
  const means = columns.map((c) => c.reduce((s, x, i) => s + weights[i]! * x, 0) / sumWeights)
  const centred = columns.map((c, j) => c.map((x) => x - means[j]!))
  const crossProducts = centred.map((a) =>
    centred.map((b) => a.reduce((s, x, i) => s + weights[i]! * x * b[i]!, 0)),
  )
  return { means, crossProducts, sumWeights, positive: weights.filter((w) => w > 0).length }
}

/** Weighted correlation matrix of columns (each an array of observations). */
export function weightedCorrelationMatrix(
  columns: ReadonlyArray<readonly number[]>,
  weights: readonly number[],
): Matrix {
  const s = weightedMoments(columns, weights).crossProducts
  return s.map((row, j) => row.map((v, k) => v / Math.sqrt(s[j]![j]! * s[k]![k]!)))
}

/** Weighted mean Σwx/Σw (the plain mean without weights). */
export function weightedAverage(values: readonly number[], weights?: readonly number[]): number {
  if (!weights) return values.reduce((a, b) => a + b, 0) / values.length
  let sum = 0
  let total = 0
  values.forEach((v, i) => {
    sum += weights[i]! * v
    total += weights[i]!
  })
  return sum / total
}
