import { normalCdf, normalQuantile } from './distributions.js'

import { ValidationError } from '../shared/errors.js'

/**
 * The chance that a period's final figure meets its target, from what the period has so far.
 *
 * A figure is the mean of per-answer scores (league: empirical-bayes-league.ts). After n answers
 * with mean m, the unit's true level μ has (flat prior, known answer variance v) the posterior
 * N(m, se²) with se² = v/n — or a shrunk estimate and its posterior variance (empirical-bayes.ts).
 * The R answers still expected have a mean X̄ with predictive distribution N(m, v/R + se²)
 * (Gelman et al. 2013, BDA3 §2.5: the posterior predictive of a normal with known variance), so the
 * final figure F = (n·m + R·X̄)/(n + R) is predicted as
 *   F ~ N(m, (R/(n + R))² · (v/R + se²))          (with se² = v/n this is v·R / (n·(n + R)))
 * and P(meet) = Φ((m − T)/sd(F)) when higher is better, Φ((T − m)/sd(F)) when lower is.
 * With nothing still expected the figure is final and the probability is 1 or 0.
 * The expected volume R is the period's run rate so far: n · remaining time / elapsed time.
 */

export interface TargetProgressInput {
  /** The figure so far (raw or shrunk). */
  estimate: number
  /** Answers so far (Kish's effective n for weighted answers). */
  n: number
  /** Variance of one answer (v). */
  answerVariance: number
  /** Standard error of `estimate`; default √(v/n). */
  standardError?: number
  /** Answers still expected before the period ends (R ≥ 0). */
  remaining: number
  target: number
  /** Default true; false for figures where lower is better. */
  higherIsBetter?: boolean
}

export interface TargetProgress {
  /** Estimate minus target, in the figure's unit (positive = above target). */
  gap: number
  /** Whether the figure so far meets the target. */
  metNow: boolean
  /** P(final figure meets the target). */
  probability: number
  /** Expected final figure (= the estimate) and its 95% predictive interval. */
  expectedFinal: number
  finalCi95: [number, number]
  remaining: number
}

const Z95 = normalQuantile(0.975)

function refuse(message: string): never {
  throw new ValidationError('VALIDATION_FAILED', message)
}

/**
 * n is a count of answers, or for weighted answers Kish's effective sample size (Σw)²/Σw², which
 * is a real number (Kish 1965, §11.7): it stands for n in v/n wherever the figure is weighted.
 */
function answersRefusal(n: number): string {
  return `Answers so far must be a whole number ≥ 0 (or an effective sample size ≥ 0), got ${n}.`
}

/** Answers still expected in a period at the run rate so far: n · remaining / elapsed. */
export function expectedRemainingVolume(n: number, elapsedMs: number, remainingMs: number): number {
  if (!(Number.isFinite(n) && n >= 0)) refuse(answersRefusal(n))
  if (!(Number.isFinite(elapsedMs) && elapsedMs >= 0))
    refuse(`Elapsed time must be ≥ 0, got ${elapsedMs}.`)
  if (!(Number.isFinite(remainingMs) && remainingMs >= 0))
    refuse(`Remaining time must be ≥ 0, got ${remainingMs}.`)
  if (remainingMs === 0 || n === 0 || elapsedMs === 0) return 0
  return (n * remainingMs) / elapsedMs
}

/** Attainment now and the probability of meeting the target at the period's end. */
export function targetProgress(input: TargetProgressInput): TargetProgress | null {
  const { estimate, n, answerVariance, remaining, target } = input
  const higherIsBetter = input.higherIsBetter ?? true
  if (!(Number.isFinite(n) && n >= 0)) refuse(answersRefusal(n))
  if (!Number.isFinite(estimate)) refuse(`The figure so far must be finite, got ${estimate}.`)
  if (!Number.isFinite(target)) refuse(`The target must be finite, got ${target}.`)
  if (!(Number.isFinite(answerVariance) && answerVariance >= 0)) {
    refuse(`The variance of one answer must be ≥ 0, got ${answerVariance}.`)
  }
  if (!(Number.isFinite(remaining) && remaining >= 0))
    refuse(`Expected answers must be ≥ 0, got ${remaining}.`)
  if (
    input.standardError !== undefined &&
    !(Number.isFinite(input.standardError) && input.standardError >= 0)
  ) {
    refuse(`The standard error must be ≥ 0, got ${input.standardError}.`)
  }
  if (n === 0) return null
  const se2 = input.standardError === undefined ? answerVariance / n : input.standardError ** 2
  const gap = estimate - target
  const metNow = higherIsBetter ? gap >= 0 : gap <= 0
  const share = remaining / (n + remaining)
  const sd = remaining === 0 ? 0 : share * Math.sqrt(answerVariance / remaining + se2)
  let probability: number
  if (sd === 0) probability = metNow ? 1 : 0
  else probability = normalCdf((higherIsBetter ? gap : -gap) / sd)
  return {
    gap,
    metNow,
    probability,
    expectedFinal: estimate,
    finalCi95: [estimate - Z95 * sd, estimate + Z95 * sd],
    remaining,
  }
}
