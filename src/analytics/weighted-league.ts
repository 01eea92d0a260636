import {
  type LeagueOptions,
  type LeagueRow,
  type LeagueTable,
  rankLeague,
  type UnitMoments,
} from './empirical-bayes-league.js'

import { ValidationError } from '../shared/errors.js'

/**
 * A league table of sibling units on a figure of WEIGHTED answers (design or post-stratification
 * weights), from per-unit sums a roll-up can keep: answers n, Σw, Σw², Σw·x and Σw·x².
 *
 * Each unit's figure is the weighted mean x̄_w = Σwx / Σw. Its precision is that of Kish's
 * effective sample size n_eff = (Σw)² / Σw² (Kish 1965, §11.7; Kish 1992, "Weighting for
 * unequal Pᵢ", J. Official Statistics 8(2)): Var(x̄_w) ≈ s_w² / n_eff with
 * s_w² = (Σwx²/Σw − x̄_w²) · n_eff / (n_eff − 1), the weighted variance with the reliability-
 * weight correction V₁²/(V₁² − V₂) = n_eff/(n_eff − 1) (which is the usual n/(n − 1) for equal
 * weights). So a unit enters the unweighted league (empirical-bayes-league.ts) as the moments of
 * n_eff answers with that mean and variance: n' = n_eff, Σ' = n_eff·x̄_w,
 * Σ'² = (n_eff − 1)·s_w² + n_eff·x̄_w²; the empirical-Bayes shrinkage (Morris 1983, with
 * Vᵢ = v/n_eff,i), the intervals, the minimum-n rule and the Welch test against the rest (the
 * other units' weighted sums pooled) then read n_eff wherever they read n. Weights of 1 give the
 * unweighted figures (to rounding; unweighted surveys use leagueTable itself).
 */

export interface WeightedUnitMoments {
  /** Answers behind the figure. */
  n: number
  /** Σw over those answers. */
  weightSum: number
  /** Σw². */
  weightSquares: number
  /** Σw·x of the per-answer score x. */
  weightedSum: number
  /** Σw·x². */
  weightedSquares: number
}

export interface WeightedLeagueRow extends LeagueRow {
  /** Answers counted (not weighted). */
  answers: number
  /** Kish's effective n, (Σw)²/Σw²; `n` holds it too. */
  effectiveN: number
}

export interface WeightedLeagueTable extends Omit<LeagueTable, 'rows'> {
  rows: WeightedLeagueRow[]
}

function refuse(message: string): never {
  throw new ValidationError('VALIDATION_FAILED', message)
}

/** Kish's effective sample size (Σw)²/Σw²; 0 without weight. */
export function kishEffectiveN(weightSum: number, weightSquares: number): number {
  return weightSquares > 0 ? (weightSum * weightSum) / weightSquares : 0
}

function checkWeighted(m: WeightedUnitMoments): void {
  const values = [m.weightSum, m.weightSquares, m.weightedSum, m.weightedSquares]
  if (!(Number.isInteger(m.n) && m.n >= 0))
    refuse(`A unit's number of answers must be a whole number ≥ 0, got ${m.n}.`)
  if (!values.every(Number.isFinite)) refuse("A unit's weighted sums must be finite.")
  if (m.weightSum < 0 || m.weightSquares < 0 || m.weightedSquares < 0)
    refuse("A unit's Σw, Σw² and Σw·x² must be ≥ 0 (weights are ≥ 0).")
  const slack = (x: number) => x * (1 + 1e-9) + 1e-9
  // Cauchy–Schwarz: (Σw)² ≤ n·Σw² and (Σwx)² ≤ Σw·Σwx²; answers without weight carry no sums.
  if (m.weightSum * m.weightSum > slack(m.n * m.weightSquares))
    refuse(`Weights impossible for ${m.n} answers: (Σw)² > n·Σw².`)
  if (m.weightedSum * m.weightedSum > slack(m.weightSum * m.weightedSquares))
    refuse('Weighted sums impossible: (Σw·x)² > Σw·Σw·x².')
}

/** The moments of n_eff equally weighted answers with the unit's weighted mean and variance. */
export function effectiveMoments(m: WeightedUnitMoments): UnitMoments {
  const n = kishEffectiveN(m.weightSum, m.weightSquares)
  if (n === 0) return { n: 0, sum: 0, sumSquares: 0 }
  const mean = m.weightedSum / m.weightSum
  const spread = Math.max(0, m.weightedSquares / m.weightSum - mean * mean)
  // (n_eff − 1)·s_w² = (n_eff − 1)·spread·n_eff/(n_eff − 1) = n_eff·spread (also when n_eff = 1).
  return { n, sum: n * mean, sumSquares: n * spread + n * mean * mean }
}

/** Rank sibling units on a weighted figure; rows come back in the order of `units`. */
export function weightedLeagueTable(
  units: ReadonlyArray<WeightedUnitMoments>,
  options: LeagueOptions = {},
): WeightedLeagueTable {
  units.forEach(checkWeighted)
  const sum = (pick: (m: WeightedUnitMoments) => number) => units.reduce((s, m) => s + pick(m), 0)
  const total: WeightedUnitMoments = {
    n: sum((m) => m.n),
    weightSum: sum((m) => m.weightSum),
    weightSquares: sum((m) => m.weightSquares),
    weightedSum: sum((m) => m.weightedSum),
    weightedSquares: sum((m) => m.weightedSquares),
  }
  const restOf = (i: number): UnitMoments => {
    const m = units[i]!
    return effectiveMoments({
      n: total.n - m.n,
      weightSum: total.weightSum - m.weightSum,
      weightSquares: total.weightSquares - m.weightSquares,
      weightedSum: total.weightedSum - m.weightedSum,
      weightedSquares: total.weightedSquares - m.weightedSquares,
    })
  }
  const effective = units.map(effectiveMoments)
  const table = rankLeague(effective, effectiveMoments(total), restOf, options, true)
  return {
    ...table,
    rows: table.rows.map((row, i) => ({
      ...row,
      answers: units[i]!.n,
      effectiveN: effective[i]!.n,
    })),
  }
}
