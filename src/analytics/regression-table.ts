import { ValidationError } from '../shared/errors.js'
import { fCdf, studentTCdf } from './distributions.js'
import { noVariance } from './input-checks.js'
import { correlationMatrix, inverse, mean, variance } from './matrix.js'
import { weightedMoments } from './weighted-moments.js'

/**
 * The ordinary least-squares table that goes with a key-driver analysis, as R's
 * summary(lm(y ~ x₁ + … + x_p)) and car::vif print it: coefficients with standard errors, t and
 * two-sided p on n − p − 1 df, standardized β, variance inflation factors, R², adjusted R² and the
 * overall F test. Computed from the correlation matrix (βstd = R_xx⁻¹ r_xy, b_j = βstd_j·s_y/s_j),
 * so the scale of the answers does not affect its accuracy; VIF_j is the j-th diagonal of R_xx⁻¹
 * (Fox & Monette 1992; Greene, Econometric Analysis §4.7).
 */

export interface RegressionCoefficient {
  name: string
  estimate: number
  se: number
  t: number
  pValue: number
  /** Standardized β (null for the intercept). */
  beta: number | null
  /** Variance inflation factor 1/(1 − R²_j) (null for the intercept). */
  vif: number | null
}

export interface RegressionTable {
  n: number
  df: number
  coefficients: RegressionCoefficient[]
  rSquared: number
  adjustedRSquared: number
  residualSe: number
  f: { statistic: number; df1: number; df2: number; pValue: number }
}

const twoSided = (t: number, df: number) => 2 * (1 - studentTCdf(Math.abs(t), df))

export function regressionTable(
  outcome: readonly number[],
  predictors: Record<string, readonly number[]>,
  /**
   * Respondent weights: weighted least squares as R's lm(y ~ ., weights = w) — coefficients from
   * the weighted moments, s² = Σw·e²/(n₊ − p − 1) with n₊ the rows of positive weight.
   */
  weights?: readonly number[],
): RegressionTable {
  const names = Object.keys(predictors)
  const p = names.length
  const n = weights ? weights.filter((w) => w > 0).length : outcome.length
  const df = n - p - 1
  if (p === 0 || df < 1)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `A regression on ${p} predictors needs at least ${p + 2} complete rows, got ${n}.`,
      [{ path: 'input', reason: `${n} complete rows`, allowed: `${p + 2} or more` }],
    )
  const columns = names.map((name) => predictors[name]!)
  for (const [name, values] of [
    ['outcome', outcome] as const,
    ...names.map((nm, j) => [nm, columns[j]!] as const),
  ])
    if (!(variance(values) > 0)) throw noVariance(name, 'its regression coefficient')
  // Centred sums of squares and cross-products (weighted when weights are given): with w = 1,
  // S_jj = (n − 1)s²_j and the correlation matrix is Pearson's.
  const moments = weights
    ? weightedMoments([outcome, ...columns], weights)
    : {
        means: [outcome, ...columns].map((c) => mean(c)),
        crossProducts: [outcome, ...columns].map((c, j) =>
          [outcome, ...columns].map((_d, k) => (j === k ? (c.length - 1) * variance(c) : 0)),
        ),
        sumWeights: outcome.length,
      }
  const ss = moments.crossProducts.map((row, j) => row[j]!)
  const r = weights
    ? moments.crossProducts.map((row, j) => row.map((v, k) => v / Math.sqrt(ss[j]! * ss[k]!)))
    : correlationMatrix([outcome, ...columns])
  const rxx = r.slice(1).map((row) => row.slice(1))
  const rxy = r.slice(1).map((row) => row[0]!)
  const rInv = inverse(rxx, 'the predictors')
  const beta = rInv.map((row) => row.reduce((s, v, k) => s + v * rxy[k]!, 0))
  const rSquared = beta.reduce((s, b, j) => s + b * rxy[j]!, 0)
  const syy = ss[0]!
  const sxx = ss.slice(1)
  const means = moments.means.slice(1)
  const b = beta.map((bj, j) => bj * Math.sqrt(syy / sxx[j]!))
  const rss = (1 - rSquared) * syy
  // An exact fit (the outcome a linear function of the predictors, e.g. a total computed from
  // them): the residual variance is 0, or a rounding residue below it, and every standard error,
  // t and p is 0/0. R's summary.lm warns "essentially perfect fit"; here it is refused.
  if (!(rss > 1e-10 * syy))
    throw new ValidationError(
      'SINGULAR_MATRIX',
      `The predictors explain the outcome exactly (R² = 1), as when it is computed from them, so the regression's standard errors and p-values are undefined.`,
      [
        {
          path: 'predictors',
          reason: 'R² = 1',
          allowed: 'predictors that leave some of the outcome unexplained',
        },
      ],
    )
  const s2 = rss / df
  // (X_cᵀWX_c)⁻¹ from R_xx⁻¹: entry jk divided by √(S_jj S_kk).
  const sInv = (j: number, k: number) => rInv[j]![k]! / Math.sqrt(sxx[j]! * sxx[k]!)
  const intercept = moments.means[0]! - b.reduce((s, bj, j) => s + bj * means[j]!, 0)
  let quad = 0
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) quad += means[j]! * sInv(j, k) * means[k]!
  const interceptSe = Math.sqrt(s2 * (1 / moments.sumWeights + quad))
  const row = (
    name: string,
    estimate: number,
    se: number,
    bStd: number | null,
    vif: number | null,
  ) => {
    const t = estimate / se
    return { name, estimate, se, t, pValue: twoSided(t, df), beta: bStd, vif }
  }
  const fStatistic = rSquared / p / ((1 - rSquared) / df)
  return {
    n,
    df,
    coefficients: [
      row('(Intercept)', intercept, interceptSe, null, null),
      ...names.map((name, j) =>
        row(name, b[j]!, Math.sqrt(s2 * sInv(j, j)), beta[j]!, rInv[j]![j]!),
      ),
    ],
    rSquared,
    adjustedRSquared: 1 - ((1 - rSquared) * (n - 1)) / df,
    residualSe: Math.sqrt(s2),
    f: { statistic: fStatistic, df1: p, df2: df, pValue: 1 - fCdf(fStatistic, p, df) },
  }
}
