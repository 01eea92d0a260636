import { studentTQuantile } from './distributions.js'
import { valueOutOfRange } from './input-checks.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'

export interface MeanInterval {
  n: number
  /** null when n = 0. */
  mean: number | null
  /** Student-t 95% interval, mean ± t₀.₉₇₅,ₙ₋₁·s/√n, within the range; null below MIN_INTERVAL_N. */
  ci95: [number, number] | null
}

/**
 * The mean of values that may be fractions (e.g. each respondent's mean over a questionnaire's
 * dimensions) with its t interval, as describeScaleItem gives it for whole-number answers. A value
 * outside the range is refused, never averaged in.
 */
export function meanWithInterval(
  values: readonly number[],
  range: readonly [number, number],
): MeanInterval {
  values.forEach((v, i) => {
    if (!(Number.isFinite(v) && v >= range[0] && v <= range[1])) {
      throw valueOutOfRange(
        String(i),
        `value ${v} is outside ${range[0]}…${range[1]}.`,
        'the scale',
      )
    }
  })
  const n = values.length
  if (n === 0) return { n, mean: null, ci95: null }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n < MIN_INTERVAL_N) return { n, mean, ci95: null }
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1))
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)
  return { n, mean, ci95: boundedInterval([mean - half, mean + half], mean, range) }
}
