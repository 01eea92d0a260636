import { studentTQuantile } from './distributions.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { LOW_CONFIDENCE_N } from './sample-size.js'

export interface ScaleItemResult {
  n: number
  /** Lowest and highest answer the scale allows. */
  scale: [number, number]
  /** Mean answer; null when n = 0. */
  mean: number | null
  /** Sample standard deviation (n − 1); null below two answers. */
  sd: number | null
  /** Student-t 95% interval of the mean within the scale; null below MIN_INTERVAL_N answers. */
  ci95: [number, number] | null
  /** Answers per scale point, lowest first. */
  distribution: number[]
  /** Share answering in the top two points, in percent; null when n = 0. */
  topTwoShare: number | null
  lowConfidence: boolean
}

/**
 * One rating item (a Likert statement, a 0–10 rating, one row of a matrix): the mean with its
 * t interval (mean ± t₀.₉₇₅,ₙ₋₁·s/√n, as for CES), the answers per point and the top-two-box
 * share. Answers outside the scale or not whole numbers are ignored.
 */
export function describeScaleItem(
  answers: readonly number[],
  min: number,
  max: number,
): ScaleItemResult {
  const distribution = new Array<number>(max - min + 1).fill(0)
  const valid = answers.filter((a) => Number.isInteger(a) && a >= min && a <= max)
  for (const a of valid) distribution[a - min]! += 1
  const n = valid.length
  const lowConfidence = n < LOW_CONFIDENCE_N
  const base = { n, scale: [min, max] as [number, number], distribution, lowConfidence }
  if (n === 0) return { ...base, mean: null, sd: null, ci95: null, topTwoShare: null }
  const mean = valid.reduce((s, a) => s + a, 0) / n
  const topTwoShare = (100 * valid.filter((a) => a >= max - 1).length) / n
  if (n < 2) return { ...base, mean, sd: null, ci95: null, topTwoShare }
  const sd = Math.sqrt(valid.reduce((s, a) => s + (a - mean) ** 2, 0) / (n - 1))
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)
  const ci95 =
    n < MIN_INTERVAL_N ? null : boundedInterval([mean - half, mean + half], mean, [min, max])
  return { ...base, mean, sd, ci95, topTwoShare }
}
