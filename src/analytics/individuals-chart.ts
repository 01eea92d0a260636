import { ValidationError } from '../shared/errors.js'

/**
 * Individuals and moving-range (I-MR) chart for one measurement per period, and the Western
 * Electric zone rules (Western Electric 1956, Statistical Quality Control Handbook; Montgomery,
 * Introduction to Statistical Quality Control, §5.3.6 and §6.4). σ is estimated from the average
 * moving range of two: σ̂ = MR̄/d₂, d₂ = 1.128; I limits x̄ ± 3σ̂ (= x̄ ± 2.66·MR̄), MR limits
 * 0 … D₄·MR̄ with D₄ = 3.267 (Montgomery, Appendix Table VI, n = 2). The same σ̂ is the one qcc
 * uses for individual values (std.dev "MR") and the default σ for EWMA and CUSUM.
 */

export const D2_N2 = 1.128
export const D4_N2 = 3.267

/** σ̂ = MR̄/d₂ from consecutive values; null with fewer than two. */
export function movingRangeSigma(values: readonly number[]): number | null {
  if (values.length < 2) return null
  let sum = 0
  for (let i = 1; i < values.length; i++) sum += Math.abs(values[i]! - values[i - 1]!)
  return sum / (values.length - 1) / D2_N2
}

export interface WesternElectricSignals {
  /** Rule 1: one point beyond 3σ. */
  beyond3Sigma: number[]
  /** Rule 2: two of three consecutive points beyond 2σ on the same side (index of the last). */
  twoOfThreeBeyond2Sigma: number[]
  /** Rule 3: four of five consecutive points beyond 1σ on the same side (index of the last). */
  fourOfFiveBeyond1Sigma: number[]
  /** Rule 4: eight consecutive points on one side of the centre (index of the eighth and on). */
  eightOnOneSide: number[]
}

/** The four Western Electric rules on values around a centre with a σ; indices are 0-based. */
export function westernElectricRules(
  values: readonly number[],
  center: number,
  sigma: number,
): WesternElectricSignals {
  const z = values.map((v) => (v - center) / sigma)
  const signals: WesternElectricSignals = {
    beyond3Sigma: [],
    twoOfThreeBeyond2Sigma: [],
    fourOfFiveBeyond1Sigma: [],
    eightOnOneSide: [],
  }
  const count = (from: number, to: number, test: (x: number) => boolean) => {
    let c = 0
    for (let j = Math.max(0, from); j <= to; j++) if (test(z[j]!)) c++
    return c
  }
  z.forEach((x, i) => {
    if (Math.abs(x) > 3) signals.beyond3Sigma.push(i)
    for (const side of [1, -1]) {
      const beyond = (k: number) => (y: number) => side * y > k
      if (i >= 2 && beyond(2)(x) && count(i - 2, i, beyond(2)) >= 2) {
        signals.twoOfThreeBeyond2Sigma.push(i)
        break
      }
    }
    for (const side of [1, -1]) {
      const beyond = (y: number) => side * y > 1
      if (i >= 4 && beyond(x) && count(i - 4, i, beyond) >= 4) {
        signals.fourOfFiveBeyond1Sigma.push(i)
        break
      }
    }
    if (i >= 7) {
      const window = z.slice(i - 7, i + 1)
      if (window.every((y) => y > 0) || window.every((y) => y < 0)) signals.eightOnOneSide.push(i)
    }
  })
  return signals
}

export interface IndividualsChart {
  center: number
  sigma: number
  lcl: number
  ucl: number
  movingRanges: number[]
  mrCenter: number
  mrUcl: number
  /** Moving ranges above their UCL (index i is the range between points i − 1 and i). */
  mrSignals: number[]
  rules: WesternElectricSignals
  /** Every point any rule flags, sorted. */
  signals: number[]
}

export function individualsChart(values: readonly number[]): IndividualsChart {
  if (values.length < 2)
    throw new ValidationError('NOT_ENOUGH_DATA', 'An I-MR chart needs at least two points.', [
      { path: 'input', reason: `${values.length} points`, allowed: 'two or more' },
    ])
  const center = values.reduce((a, b) => a + b, 0) / values.length
  const movingRanges = values.slice(1).map((v, i) => Math.abs(v - values[i]!))
  const mrCenter = movingRanges.reduce((a, b) => a + b, 0) / movingRanges.length
  if (!(mrCenter > 0))
    throw new ValidationError(
      'NO_VARIANCE',
      'Every value is the same, so the moving range and the limits are 0.',
      [{ path: 'input', reason: 'constant', allowed: 'values that differ' }],
    )
  const sigma = mrCenter / D2_N2
  const rules = westernElectricRules(values, center, sigma)
  const mrUcl = D4_N2 * mrCenter
  return {
    center,
    sigma,
    lcl: center - 3 * sigma,
    ucl: center + 3 * sigma,
    movingRanges,
    mrCenter,
    mrUcl,
    mrSignals: movingRanges.flatMap((r, i) => (r > mrUcl ? [i + 1] : [])),
    rules,
    signals: [...new Set(Object.values(rules).flat())].sort((a, b) => a - b),
  }
}
