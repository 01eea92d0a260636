import { AppError, ValidationError } from '../shared/errors.js'
import { bcaInterval } from './bca-interval.js'
import { checkParameter } from './input-checks.js'
import { analyzeKeyDrivers, type KeyDriverResult } from './key-drivers.js'
import { seededRandom } from './seeded-random.js'

/**
 * Bootstrap percentile intervals for key-driver weights and shares, as relaimpo's booteval
 * reports for LMG and the relative weights (Grömping 2006, J. Statistical Software 17(1), §4;
 * Tonidandel, LeBreton & Johnson 2009, Psychological Methods 14(4) for relative weights):
 * respondents are resampled with replacement, the analysis is repeated on each resample, and the
 * 2.5% and 97.5% quantiles (R's type 7) of each driver's weight, share and of R² are reported, with
 * how often each driver ranked first. Resamples on which the analysis is undefined (a column
 * constant in the resample) are left out and counted, as boot-based engines do.
 */

export interface DriverInterval {
  name: string
  weight95: [number, number]
  share95: [number, number]
  /** BCa intervals (Efron 1987, bca-interval.ts); null where BCa is undefined. */
  weightBca95: [number, number] | null
  shareBca95: [number, number] | null
  /** Share of resamples in which the driver had the largest weight, 0–1. */
  rankedFirst: number
}

export interface DriverBootstrap {
  samples: number
  /** Resamples left out because the analysis was undefined on them. */
  skipped: number
  seed: number
  rSquared95: [number, number]
  rSquaredBca95: [number, number] | null
  /** How many jackknife fits gave the BCa acceleration (leave-one-out up to 200 rows, else 200 groups). */
  jackknifeGroups: number
  drivers: DriverInterval[]
}

export function bootstrapKeyDrivers(
  outcome: readonly number[],
  predictors: Record<string, readonly number[]>,
  method: KeyDriverResult['method'],
  options: { samples: number; seed?: number },
): DriverBootstrap {
  const { samples } = options
  checkParameter(
    'bootstrap',
    samples,
    Number.isInteger(samples) && samples >= 2 && samples <= 10000,
    'a whole number of resamples, 2–10000',
  )
  const seed = options.seed ?? 1
  const random = seededRandom(seed)
  const names = Object.keys(predictors)
  const n = outcome.length
  const weights: number[][] = names.map(() => [])
  const shares: number[][] = names.map(() => [])
  const rSquared: number[] = []
  const first = names.map(() => 0)
  let skipped = 0
  for (let b = 0; b < samples; b++) {
    const rows = Array.from({ length: n }, () => Math.floor(random() * n))
    let result: KeyDriverResult
    try {
      result = analyzeKeyDrivers(
        rows.map((i) => outcome[i]!),
        Object.fromEntries(names.map((name) => [name, rows.map((i) => predictors[name]![i]!)])),
        method,
      )
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      skipped++
      continue
    }
    rSquared.push(result.rSquared)
    let best = 0
    result.drivers.forEach((d, j) => {
      weights[j]!.push(d.weight)
      shares[j]!.push(d.share)
      if (d.weight > result.drivers[best]!.weight) best = j
    })
    first[best]!++
  }
  const kept = samples - skipped
  const point = analyzeKeyDrivers(outcome, predictors, method)
  const jackknife = jackknifeDrivers(outcome, predictors, method)
  const bca = (estimate: number, replicates: number[], jack: number[]) =>
    bcaInterval(estimate, replicates, jack)?.interval ?? null
  if (kept < 2)
    throw new ValidationError(
      'NO_VARIANCE',
      'Almost every resample had a constant column; the data are too few or too uniform to resample.',
      [{ path: 'bootstrap', reason: `${kept} usable resamples`, allowed: 'data with more spread' }],
    )
  return {
    samples,
    skipped,
    seed,
    rSquared95: percentile95(rSquared),
    rSquaredBca95: bca(point.rSquared, rSquared, jackknife.rSquared),
    jackknifeGroups: jackknife.groups,
    drivers: names.map((name, j) => ({
      name,
      weight95: percentile95(weights[j]!),
      share95: percentile95(shares[j]!),
      weightBca95: bca(point.drivers[j]!.weight, weights[j]!, jackknife.weights[j]!),
      shareBca95: bca(point.drivers[j]!.share, shares[j]!, jackknife.shares[j]!),
      rankedFirst: first[j]! / kept,
    })),
  }
}

/**
 * Jackknife values for the BCa acceleration: leave one row out for up to 200 rows; beyond that,
 * leave out each of 200 groups (rows i ≡ g mod 200), the grouped jackknife (Efron & Tibshirani
 * 1993, §11.5), so the cost stays at 200 fits. Fits undefined on a subsample are left out.
 */
function jackknifeDrivers(
  outcome: readonly number[],
  predictors: Record<string, readonly number[]>,
  method: KeyDriverResult['method'],
): { groups: number; rSquared: number[]; weights: number[][]; shares: number[][] } {
  const names = Object.keys(predictors)
  const n = outcome.length
  const groups = Math.min(n, 200)
  const rSquared: number[] = []
  const weights: number[][] = names.map(() => [])
  const shares: number[][] = names.map(() => [])
  for (let g = 0; g < groups; g++) {
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) => i % groups !== g)
    let result: KeyDriverResult
    try {
      result = analyzeKeyDrivers(
        rows.map((i) => outcome[i]!),
        Object.fromEntries(names.map((name) => [name, rows.map((i) => predictors[name]![i]!)])),
        method,
      )
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      continue
    }
    rSquared.push(result.rSquared)
    result.drivers.forEach((d, j) => {
      weights[j]!.push(d.weight)
      shares[j]!.push(d.share)
    })
  }
  return { groups, rSquared, weights, shares }
}

function percentile95(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b)
  return [quantile7(sorted, 0.025), quantile7(sorted, 0.975)]
}

/** R's default quantile (Hyndman & Fan 1996, type 7). */
function quantile7(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.min(low + 1, sorted.length - 1)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}
