import { ValidationError } from '../shared/errors.js'
import { valueOutOfRange } from './input-checks.js'
import { inverse, solve } from './matrix.js'

/**
 * Logistic regression by iteratively reweighted least squares (Fisher scoring; McCullagh & Nelder
 * 1989, Generalized Linear Models, 2nd ed., §4.4 — what R's `glm(family = binomial)` does), with an
 * optional L2 (ridge) penalty λ/2·Σβ_j² on the slopes, not the intercept (le Cessie & van
 * Houwelingen 1992, Applied Statistics 41(1)). Step: β ← (XᵀWX + Λ)⁻¹ XᵀW z, z = η + (y − μ)/(μ(1−μ)),
 * W = diag(μ(1−μ)); stops when the deviance changes by less than 1e-10 relative (R: 1e-8). Standard
 * errors from the inverse of the (penalised) information matrix.
 */

export interface LogisticFit {
  /** Intercept first, then one per predictor column. */
  coefficients: number[]
  standardErrors: number[]
  deviance: number
  nullDeviance: number
  iterations: number
  l2: number
}

export interface LogisticOptions {
  /** Ridge penalty λ ≥ 0 on the slopes (default 0: plain maximum likelihood). */
  l2?: number
  maxIterations?: number
}

/** P(y = 1) = 1/(1 + e^−(β₀ + Σ β_j x_j)). */
export function logisticPredict(coefficients: readonly number[], row: readonly number[]): number {
  let eta = coefficients[0]!
  for (let j = 0; j < row.length; j++) eta += coefficients[j + 1]! * row[j]!
  return 1 / (1 + Math.exp(-eta))
}

const binomialDeviance = (y: readonly number[], mu: readonly number[]) =>
  -2 * y.reduce((s, yi, i) => s + (yi === 1 ? Math.log(mu[i]!) : Math.log(1 - mu[i]!)), 0)

export function fitLogistic(
  rows: ReadonlyArray<readonly number[]>,
  outcome: readonly number[],
  options: LogisticOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 0
  if (!(l2 >= 0 && Number.isFinite(l2)))
    throw new ValidationError('OPTION_INVALID', `l2 ${l2} is not allowed: ≥ 0.`, [
      { path: 'l2', reason: `${l2} is not allowed`, allowed: '≥ 0' },
    ])
  const n = rows.length
  const k = (rows[0]?.length ?? 0) + 1
  outcome.forEach((y, i) => {
    if (y !== 0 && y !== 1)
      throw valueOutOfRange(`outcome[${i}]`, `outcome[${i}] is ${y}, not 0 or 1.`, '0 or 1')
  })
  rows.forEach((row, i) => {
    if (row.length !== k - 1 || !row.every(Number.isFinite))
      throw valueOutOfRange(
        `rows[${i}]`,
        `rows[${i}] has a missing or non-finite value.`,
        `${k - 1} finite numbers`,
      )
  })
  const positives = outcome.reduce((s, y) => s + y, 0)
  if (n < k + 1 || positives === 0 || positives === n)
    throw new ValidationError(
      'NO_VARIANCE',
      `Logistic regression needs both outcomes and more rows than coefficients; got ${n} rows, ${positives} with outcome 1.`,
      [
        {
          path: 'outcome',
          reason: `${positives} of ${n}`,
          allowed: 'both 0 and 1, n > predictors + 1',
        },
      ],
    )
  const X = rows.map((r) => [1, ...r])
  let beta = new Array<number>(k).fill(0)
  beta[0] = Math.log(positives / (n - positives))
  let mu = X.map((x) => logisticPredict(beta, x.slice(1)))
  const penalty = (b: readonly number[]) => l2 * b.slice(1).reduce((s, v) => s + v * v, 0)
  let deviance = binomialDeviance(outcome, mu) + penalty(beta)
  const maxIterations = options.maxIterations ?? 100
  let iterations = 0
  let information: number[][] = []
  for (;;) {
    iterations++
    information = Array.from({ length: k }, () => new Array<number>(k).fill(0))
    const score = new Array<number>(k).fill(0)
    for (let i = 0; i < n; i++) {
      const w = mu[i]! * (1 - mu[i]!)
      const eta = Math.log(mu[i]! / (1 - mu[i]!))
      const z = eta + (outcome[i]! - mu[i]!) / w
      const x = X[i]!
      for (let a = 0; a < k; a++) {
        score[a]! += x[a]! * w * z
        for (let b = 0; b < k; b++) information[a]![b]! += x[a]! * w * x[b]!
      }
    }
    for (let j = 1; j < k; j++) information[j]![j]! += l2
    try {
      beta = solve(information, score, 'the predictors')
    } catch (error) {
      // Weights μ(1−μ) that vanish after the first step: the outcomes are separated.
      if (iterations > 1) throw notEstimable('the predictors separate the outcomes')
      throw error
    }
    mu = X.map((x) => Math.min(1 - 1e-15, Math.max(1e-15, logisticPredict(beta, x.slice(1)))))
    const next = binomialDeviance(outcome, mu) + penalty(beta)
    const change = Math.abs(next - deviance) / (Math.abs(next) + 0.1)
    deviance = next
    if (change < 1e-10) break
    if (iterations >= maxIterations || beta.some((b) => !Number.isFinite(b)))
      throw notEstimable('the fit did not converge')
  }
  // Perfect or quasi-perfect separation: fitted probabilities reach 0 or 1 and slopes grow without bound.
  if (l2 === 0 && mu.some((m) => m <= 1e-10 || m >= 1 - 1e-10))
    throw notEstimable('the predictors separate the outcomes (fitted probabilities of 0 or 1)')
  const covariance = inverse(information, 'the predictors')
  const p = positives / n
  return {
    coefficients: beta,
    standardErrors: covariance.map((row, j) => Math.sqrt(row[j]!)),
    deviance: binomialDeviance(outcome, mu),
    nullDeviance: -2 * (positives * Math.log(p) + (n - positives) * Math.log(1 - p)),
    iterations,
    l2,
  }
}

function notEstimable(reason: string): ValidationError {
  return new ValidationError(
    'MODEL_NOT_ESTIMABLE',
    `The logistic regression has no finite estimate: ${reason}. Add data or a ridge penalty (l2).`,
    [{ path: 'logistic', reason, allowed: 'overlapping outcomes, or l2 > 0' }],
  )
}
