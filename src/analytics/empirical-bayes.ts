import { normalQuantile } from './distributions.js'

import { ValidationError } from '../shared/errors.js'

/**
 * Empirical-Bayes (normal–normal) shrinkage of unit figures toward their common mean, so that a
 * unit with three answers does not top a league table by chance.
 *
 * Model (Efron & Morris 1975; Morris 1983): unit i's observed figure yᵢ ~ N(θᵢ, Vᵢ) with
 * Vᵢ = v/nᵢ (v the variance of one answer, pooled over the units), and θᵢ ~ N(μ, A). μ and A are
 * estimated from the units themselves (Morris 1983, §4, unequal variances): iterate
 *   wᵢ = 1/(Vᵢ + A),  μ = Σwᵢyᵢ/Σwᵢ,  A = max(0, Σwᵢ[(k/(k−1))(yᵢ − μ)² − Vᵢ] / Σwᵢ)
 * to a fixed point; then the shrinkage factor Bᵢ = ((k−3)/(k−1))·Vᵢ/(Vᵢ + A) and the estimate
 * θ̂ᵢ = μ + (1 − Bᵢ)(yᵢ − μ), with posterior variance
 *   sᵢ² = Vᵢ(1 − ((k−1)/k)Bᵢ) + (2/(k−3))Bᵢ²(yᵢ − μ)².
 * With equal nᵢ this is exactly the James–Stein estimator Bᵢ = (k−3)V/Σ(yᵢ − ȳ)² that Efron &
 * Morris (1975, 1977) applied to the 1970 batting averages; the test reproduces their table.
 * Fewer than four units give no shrinkage (Bᵢ = 0): μ and A cannot be estimated with a spare degree
 * of freedom.
 */

export interface ShrinkageUnit {
  /** The unit's observed figure (a share, a mean, an NPS in points …). */
  estimate: number
  /** Answers behind it (> 0). */
  n: number
}

export interface ShrunkUnit {
  estimate: number
  n: number
  /** Shrinkage factor Bᵢ in [0, 1]: 0 keeps the raw figure, 1 replaces it by the common mean. */
  shrinkage: number
  shrunk: number
  /** Posterior standard deviation of θᵢ (Morris 1983). */
  posteriorSe: number
  shrunkCi95: [number, number]
}

export interface ShrinkageResult {
  /** μ̂, the precision-weighted common mean the units are pulled toward. */
  grandMean: number
  /** Â, the estimated variance of the units' true figures around μ. */
  betweenVariance: number
  units: ShrunkUnit[]
  /** False when fewer than four units leave nothing to shrink with. */
  applied: boolean
  iterations: number
}

const Z95 = normalQuantile(0.975)
const MAX_ITERATIONS = 500

function refuse(message: string): never {
  throw new ValidationError('VALIDATION_FAILED', message)
}

/**
 * Shrink each unit's figure toward the precision-weighted mean of all of them.
 * `answerVariance` is v, the variance of one answer (e.g. p̄(1 − p̄) for a share, the pooled
 * within-unit variance for a mean); each unit's sampling variance is v/nᵢ.
 */
export function shrinkUnitEstimates(
  units: ReadonlyArray<ShrinkageUnit>,
  answerVariance: number,
  options: {
    /**
     * Each n is Kish's effective n of weighted answers (any real > 0; Vᵢ = v/n_eff,i with v the
     * pooled weighted variance of one answer) instead of a count. Default false.
     */
    effectiveN?: boolean
  } = {},
): ShrinkageResult {
  if (!(Number.isFinite(answerVariance) && answerVariance >= 0)) {
    refuse(`The variance of one answer must be a finite number ≥ 0, got ${answerVariance}.`)
  }
  for (const unit of units) {
    if (!Number.isFinite(unit.estimate))
      refuse(`A unit's figure must be finite, got ${unit.estimate}.`)
    if (options.effectiveN) {
      if (!(Number.isFinite(unit.n) && unit.n > 0))
        refuse(`A unit's effective number of answers must be a finite number > 0, got ${unit.n}.`)
    } else if (!(Number.isInteger(unit.n) && unit.n > 0)) {
      refuse(`A unit's number of answers must be a whole number > 0, got ${unit.n}.`)
    }
  }
  const k = units.length
  const variances = units.map((unit) => answerVariance / unit.n)
  if (k < 4 || answerVariance === 0) {
    const mean =
      k === 0
        ? 0
        : units.reduce((s, u) => s + u.estimate * u.n, 0) / units.reduce((s, u) => s + u.n, 0)
    return {
      grandMean: mean,
      betweenVariance: 0,
      applied: false,
      iterations: 0,
      units: units.map((unit, i) => {
        const se = Math.sqrt(variances[i]!)
        return {
          estimate: unit.estimate,
          n: unit.n,
          shrinkage: 0,
          shrunk: unit.estimate,
          posteriorSe: se,
          shrunkCi95: [unit.estimate - Z95 * se, unit.estimate + Z95 * se],
        }
      }),
    }
  }
  let a = 0
  let mean = 0
  let iterations = 0
  for (; iterations < MAX_ITERATIONS; iterations++) {
    const weights = variances.map((v) => 1 / (v + a))
    const totalWeight = weights.reduce((s, w) => s + w, 0)
    mean = weights.reduce((s, w, i) => s + w * units[i]!.estimate, 0) / totalWeight
    const next = Math.max(
      0,
      weights.reduce(
        (s, w, i) => s + w * ((k / (k - 1)) * (units[i]!.estimate - mean) ** 2 - variances[i]!),
        0,
      ) / totalWeight,
    )
    const moved = Math.abs(next - a)
    a = next
    if (moved <= 1e-15 * Math.max(1, a)) break
  }
  // μ at the final A.
  const weights = variances.map((v) => 1 / (v + a))
  const totalWeight = weights.reduce((s, w) => s + w, 0)
  mean = weights.reduce((s, w, i) => s + w * units[i]!.estimate, 0) / totalWeight
  return {
    grandMean: mean,
    betweenVariance: a,
    applied: true,
    iterations: iterations + 1,
    units: units.map((unit, i) => {
      const v = variances[i]!
      const b = Math.min(1, ((k - 3) / (k - 1)) * (v / (v + a)))
      const deviation = unit.estimate - mean
      const shrunk = mean + (1 - b) * deviation
      const posteriorVariance = v * (1 - ((k - 1) / k) * b) + (2 / (k - 3)) * b * b * deviation ** 2
      const se = Math.sqrt(posteriorVariance)
      return {
        estimate: unit.estimate,
        n: unit.n,
        shrinkage: b,
        shrunk,
        posteriorSe: se,
        shrunkCi95: [shrunk - Z95 * se, shrunk + Z95 * se],
      }
    }),
  }
}
