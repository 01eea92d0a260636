import { bcaInterval, quantileType7 } from './bca-interval.js'
import { studentTQuantile } from './distributions.js'
import { valueOutOfRange } from './input-checks.js'
import { boundedInterval } from './interval-bounds.js'
import { seededRandom } from './seeded-random.js'

/**
 * A 95% interval for the mean of skewed, non-negative values such as spend (most customers spend
 * nothing again, a few a lot), that never leaves the values' range: below zero is impossible.
 *
 * - 2 ≤ n ≤ BOOTSTRAP_MAX_N: the BCa bootstrap interval (Efron 1987; Efron & Tibshirani 1993,
 *   An Introduction to the Bootstrap, §14.3) of B = 4,000 resamples drawn with a fixed seed, so
 *   the same values give the same interval every run. Every resampled mean lies within the
 *   values' range, so the interval does too, and its skew follows the data's (the symmetric t
 *   interval of 0, 0, 0, 120 is −65.5…125.5; this one is 0…60). On 30 customers' spend it agrees
 *   with scipy.stats.bootstrap(method='BCa') within resampling error (see the test).
 *   Should BCa be undefined (every resample on one side of the mean) the percentile interval is
 *   used.
 * - n > BOOTSTRAP_MAX_N: the Student-t interval, where the mean's sampling distribution is close
 *   to normal, kept within the values' range (interval-bounds.ts).
 * - n < 2: null.
 */

const BOOTSTRAP_MAX_N = 500
const RESAMPLES = 4000
const SEED = 1

export function meanIntervalWithinRange(values: readonly number[]): [number, number] | null {
  values.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw valueOutOfRange(`values[${i}]`, `values[${i}] ${v} is not a number.`, 'finite')
  })
  const n = values.length
  if (n < 2) return null
  const mean = values.reduce((a, b) => a + b, 0) / n
  const range: [number, number] = [Math.min(...values), Math.max(...values)]
  if (n > BOOTSTRAP_MAX_N) {
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1))
    const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)
    return boundedInterval([mean - half, mean + half], mean, range)
  }
  const random = seededRandom(SEED)
  const replicates = new Array<number>(RESAMPLES)
  for (let b = 0; b < RESAMPLES; b++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)]!
    replicates[b] = sum / n
  }
  const total = mean * n
  const jackknife = values.map((v) => (total - v) / (n - 1))
  const bca = bcaInterval(mean, replicates, jackknife)
  const interval: [number, number] = bca
    ? bca.interval
    : (() => {
        const sorted = [...replicates].sort((a, b) => a - b)
        return [quantileType7(sorted, 0.025), quantileType7(sorted, 0.975)]
      })()
  return boundedInterval(interval, mean, range)
}
