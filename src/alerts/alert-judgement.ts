import { compareMeans } from '../analytics/difference-tests.js'
import { individualsChart } from '../analytics/individuals-chart.js'
import { type NelsonSignals, nelsonRules } from '../analytics/nelson-rules.js'
import { compareRates } from '../analytics/rate-comparison.js'
import type { AlertParams } from './alert.schema.js'

/**
 * Whether a rule's figures call for an alert, for the kinds judged on a unit's figures: pure,
 * on the moments (n, Σx, Σx²) the monthly roll-up gives. Higher is better for every metric
 * watched (NPS, CSAT top-2-box share, CES on its 1–7 ease scale), so an alert is a fall.
 */

export interface Moments {
  n: number
  sum: number
  sumSquares: number
}

export interface Judgement {
  value: number
  baseline?: number
  n: number
  baselineN?: number
  pValue?: number
  center?: number
  lcl?: number
  ucl?: number
  tests?: string[]
}

const DEFAULTS = { alpha: 0.05, minChange: 0, minFall: 0.3, minAnswers: 30 }

function meanAndVariance(m: Moments): { n: number; mean: number; variance: number } {
  const mean = m.sum / m.n
  const variance = m.n > 1 ? Math.max(0, (m.sumSquares - m.n * mean * mean) / (m.n - 1)) : 0
  return { n: m.n, mean, variance }
}

/**
 * A significant drop against the previous period: Welch's t test of the period's mean against
 * the previous one's (analytics/difference-tests.ts), one-sided (half the two-sided p when the
 * difference is negative), with both periods holding at least `minAnswers` answers and the drop
 * at least `minChange` points.
 */
export function judgePeriodDrop(
  current: Moments,
  previous: Moments,
  params: AlertParams,
): Judgement | null {
  const alpha = params.alpha ?? DEFAULTS.alpha
  const minAnswers = params.minAnswers ?? DEFAULTS.minAnswers
  const minChange = params.minChange ?? DEFAULTS.minChange
  if (current.n < minAnswers || previous.n < minAnswers) return null
  const a = meanAndVariance(current)
  const b = meanAndVariance(previous)
  const test = compareMeans(a, b)
  if (!test || test.difference >= 0) return null
  const pValue = test.pValue / 2
  if (pValue >= alpha || -test.difference < minChange) return null
  return { value: a.mean, baseline: b.mean, n: a.n, baselineN: b.n, pValue }
}

/**
 * A sudden fall in answer volume: the answers so far in the period against the previous period,
 * per day of exposure, by the exact conditional test for two Poisson rates
 * (analytics/rate-comparison.ts); it fires when the rate fell by at least `minFall` and the
 * one-sided p is below `alpha`, once the previous period had `minAnswers`.
 */
export function judgeVolumeFall(
  current: { n: number; days: number },
  previous: { n: number; days: number },
  params: AlertParams,
): Judgement | null {
  const alpha = params.alpha ?? DEFAULTS.alpha
  const minFall = params.minFall ?? DEFAULTS.minFall
  const minAnswers = params.minAnswers ?? DEFAULTS.minAnswers
  if (previous.n < minAnswers || current.days <= 0 || previous.days <= 0) return null
  const test = compareRates(current.n, current.days, previous.n, previous.days)
  if (test.ratio === null || test.ratio > 1 - minFall || test.pLower >= alpha) return null
  return {
    value: current.n,
    baseline: previous.n,
    n: current.n,
    baselineN: previous.n,
    pValue: test.pLower,
  }
}

/** Fewest months with answers before a control chart is judged (as the step-change check). */
export const MIN_CHART_MONTHS = 8

const TEST_NAMES: Array<keyof NelsonSignals> = [
  'beyond3Sigma',
  'nineOnOneSide',
  'sixTrending',
  'fourteenAlternating',
  'twoOfThreeBeyond2Sigma',
  'fourOfFiveBeyond1Sigma',
  'fifteenWithin1Sigma',
  'eightBeyond1Sigma',
]

/**
 * A control-chart signal: the months' figures on an individuals (I-MR) chart
 * (analytics/individuals-chart.ts: centre, σ from the average moving range / d2) and Nelson's
 * tests for special causes (analytics/nelson-rules.ts); it fires when the latest month completes
 * a test and lies below the centre (a change for the worse; test 7, hugging the centre, is no
 * alarm). Months without answers are left out; a series whose values never vary has no chart.
 */
export function judgeControlSignal(
  values: readonly { value: number; n: number }[],
): Judgement | null {
  if (values.length < MIN_CHART_MONTHS) return null
  const series = values.map((v) => v.value)
  if (series.every((v) => v === series[0])) return null
  const chart = individualsChart(series)
  const signals = nelsonRules(series, chart.center, chart.sigma)
  const last = series.length - 1
  const value = series[last]!
  if (!(value < chart.center)) return null
  const tests = TEST_NAMES.filter(
    (name) => name !== 'fifteenWithin1Sigma' && signals[name].includes(last),
  )
  if (tests.length === 0) return null
  return {
    value,
    n: values[last]!.n,
    center: chart.center,
    lcl: chart.lcl,
    ucl: chart.ucl,
    tests,
  }
}
