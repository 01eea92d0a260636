import { noVariance } from './input-checks.js'
import { ValidationError } from '../shared/errors.js'
import { correlationMatrix, solve, symmetricEigen, variance, type Matrix } from './matrix.js'
import { weightedCorrelationMatrix } from './weighted-moments.js'

/**
 * Key-driver analysis: how much of an outcome's explained variance (R²) each
 * predictor accounts for. Both methods split R² exactly among the predictors.
 */

export interface DriverWeight {
  name: string
  /** The predictor's part of R². */
  weight: number
  /** weight / R², in percent. */
  share: number
}

export interface KeyDriverResult {
  method: 'relative-weights' | 'shapley'
  n?: number
  rSquared: number
  drivers: DriverWeight[]
  /** Shapley only: average contribution over subsets of each size (dominance analysis, Azen & Budescu 2003). */
  byLevel?: number[][]
  /** Sign of each predictor's coefficient in the full regression. */
  signs: number[]
}

export const MAX_SHAPLEY_PREDICTORS = 20

/** Split a correlation matrix whose first row/column is the outcome. */
function splitOutcome(r: Matrix): { rxx: Matrix; rxy: number[] } {
  return { rxx: r.slice(1).map((row) => row.slice(1)), rxy: r.slice(1).map((row) => row[0]!) }
}

function withShares(
  names: readonly string[],
  weights: readonly number[],
  rSquared: number,
): DriverWeight[] {
  // Shares of nothing: an outcome no predictor correlates with (R² = 0) has no R² to divide,
  // and every share would be 0/0.
  if (!(rSquared > 1e-12))
    throw new ValidationError(
      'VALIDATION_FAILED',
      'The predictors explain none of the outcome (R² = 0), so there is no R² to divide among them.',
      [{ path: 'predictors', reason: 'R² = 0', allowed: 'predictors related to the outcome' }],
    )
  return names.map((name, i) => ({
    name,
    weight: weights[i]!,
    share: (100 * weights[i]!) / rSquared,
  }))
}

/**
 * Johnson's (2000) relative weights: with R_xx = QΛQᵀ and L = QΛ^½Qᵀ,
 * β = L⁻¹r_xy and ε_j = Σ_k L²_jk β²_k. Equals relaimpo's "genizi" metric.
 */
export function relativeWeights(r: Matrix, names: readonly string[]): KeyDriverResult {
  const { rxx, rxy } = splitOutcome(r)
  const { values, vectors } = symmetricEigen(rxx)
  if (values.some((v) => v <= 1e-12)) {
    throw new ValidationError(
      'SINGULAR_MATRIX',
      'The predictors are collinear (a predictor is constant or a combination of others); drop one of them.',
    )
  }
  const p = rxx.length
  const lambda = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) =>
      sumOver(p, (k) => vectors[i]![k]! * Math.sqrt(values[k]!) * vectors[j]![k]!),
    ),
  )
  const beta = solve(lambda, rxy)
  const weights = lambda.map((row) => row.reduce((sum, l, k) => sum + l * l * beta[k]! ** 2, 0))
  const rSquared = weights.reduce((a, b) => a + b, 0)
  return {
    method: 'relative-weights',
    rSquared,
    drivers: withShares(names, weights, rSquared),
    signs: regressionSigns(rxx, rxy),
  }
}

function sumOver(n: number, term: (k: number) => number): number {
  let sum = 0
  for (let k = 0; k < n; k++) sum += term(k)
  return sum
}

function regressionSigns(rxx: Matrix, rxy: number[]): number[] {
  return solve(rxx, rxy).map((b) => Math.sign(b))
}

/** R² of the outcome on predictor subset `mask` (bit i = predictor i): r_ySᵀ R_SS⁻¹ r_yS. */
function subsetRSquared(rxx: Matrix, rxy: number[], mask: number): number {
  const members: number[] = []
  for (let i = 0; i < rxy.length; i++) if (mask & (1 << i)) members.push(i)
  if (members.length === 0) return 0
  const sub = members.map((i) => members.map((j) => rxx[i]![j]!))
  const ry = members.map((i) => rxy[i]!)
  const beta = solve(sub, ry)
  return beta.reduce((sum, b, k) => sum + b * ry[k]!, 0)
}

/**
 * LMG / Shapley value regression (Lindeman, Merenda & Gold 1980; Lipovetsky &
 * Conklin 2001): each predictor's R² gain averaged over all orderings, computed
 * exactly from the R² of all 2^p subsets.
 */
export function shapleyValues(r: Matrix, names: readonly string[]): KeyDriverResult {
  const { rxx, rxy } = splitOutcome(r)
  const p = rxy.length
  if (p > MAX_SHAPLEY_PREDICTORS) {
    throw new ValidationError(
      'TOO_MANY_PREDICTORS',
      `Shapley values need 2^p regressions; ${p} predictors is too many.`,
      [
        {
          path: 'predictors',
          reason: `${p} predictors`,
          allowed: `at most ${MAX_SHAPLEY_PREDICTORS}; use relative weights or group drivers`,
        },
      ],
    )
  }
  const subsets = 1 << p
  const r2 = new Float64Array(subsets)
  for (let mask = 1; mask < subsets; mask++) r2[mask] = subsetRSquared(rxx, rxy, mask)
  const byLevelSum = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  const size = new Uint8Array(subsets)
  for (let mask = 1; mask < subsets; mask++) size[mask] = size[mask & (mask - 1)]! + 1
  for (let mask = 0; mask < subsets; mask++) {
    for (let j = 0; j < p; j++) {
      if (mask & (1 << j)) continue
      byLevelSum[j]![size[mask]!]! += r2[mask | (1 << j)]! - r2[mask]!
    }
  }
  // Average within each subset size k (there are C(p−1, k) subsets), then over sizes.
  const byLevel = byLevelSum.map((levels) => levels.map((sum, k) => sum / binomial(p - 1, k)))
  const weights = byLevel.map((levels) => levels.reduce((a, b) => a + b, 0) / p)
  const rSquared = r2[subsets - 1]!
  return {
    method: 'shapley',
    rSquared,
    drivers: withShares(names, weights, rSquared),
    byLevel: transposeLevels(byLevel),
    signs: regressionSigns(rxx, rxy),
  }
}

function transposeLevels(byPredictor: number[][]): number[][] {
  return byPredictor[0]!.map((_, k) => byPredictor.map((levels) => levels[k]!))
}

function binomial(n: number, k: number): number {
  let result = 1
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i
  return result
}

/** Key drivers from raw columns (complete cases only): outcome first, then the predictors. */
export function analyzeKeyDrivers(
  outcome: readonly number[],
  predictors: Record<string, readonly number[]>,
  method: KeyDriverResult['method'],
  /** Respondent weights: the weighted correlation matrix (weighted least squares). */
  weights?: readonly number[],
): KeyDriverResult {
  const names = Object.keys(predictors)
  if (outcome.length < names.length + 2)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `Key drivers of ${names.length} predictors need at least ${names.length + 2} complete rows, got ${outcome.length}.`,
      [
        {
          path: 'input',
          reason: `${outcome.length} complete rows`,
          allowed: `${names.length + 2} or more`,
        },
      ],
    )
  // A constant column has no correlation with anything: the weights would be NaN (null on the wire).
  for (const [name, values] of [['outcome', outcome] as const, ...Object.entries(predictors)])
    if (!(variance(values) > 0)) throw noVariance(name, 'its correlation with the outcome')
  const columns = [outcome, ...names.map((name) => predictors[name]!)]
  const r = weights ? weightedCorrelationMatrix(columns, weights) : correlationMatrix(columns)
  const result = method === 'shapley' ? shapleyValues(r, names) : relativeWeights(r, names)
  return { ...result, n: outcome.length }
}
