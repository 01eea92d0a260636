import { compareMeans, compareProportions } from '../analytics/difference-tests.js'
import { compareNps } from '../analytics/nps.js'
import {
  countAtLeast,
  distributionTotal,
  type ScoreDistribution,
} from '../analytics/score-distribution.js'
import { SIGNIFICANCE_LEVEL } from './segment-comparison.js'
import type { DayCounts, MetricsPresent } from './summary-rollup.js'

/** Pure: how each metric moved from the previous period to this one, and whether that is more than noise. */

export interface MetricChange {
  /** This period minus the previous one: NPS points, CSAT percentage points, CES scale points. */
  difference: number
  pValue: number
  isSignificant: boolean
}

export interface PeriodChanges {
  nps: MetricChange | null
  csat: MetricChange | null
  ces: MetricChange | null
}

function change(
  test: { difference: number; pValue: number } | null,
  scale = 1,
): MetricChange | null {
  return (
    test && {
      difference: test.difference * scale,
      pValue: test.pValue,
      isSignificant: test.pValue < SIGNIFICANCE_LEVEL,
    }
  )
}

function npsCounts(d: ScoreDistribution) {
  const c = d.counts
  const sum = (from: number, to: number) => c.slice(from, to + 1).reduce((a, b) => a + b, 0)
  return { detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) }
}

function moments(d: ScoreDistribution) {
  const n = distributionTotal(d)
  let sum = 0
  let squares = 0
  d.counts.forEach((count, i) => {
    sum += count * (d.min + i)
    squares += count * (d.min + i) ** 2
  })
  const mean = n === 0 ? 0 : sum / n
  return { n, mean, variance: n < 2 ? 0 : (squares - n * mean * mean) / (n - 1) }
}

/** NPS: two-sample z (Rocks 2016); CSAT: two-proportion z; CES: Welch t. */
export function comparePeriods(
  current: DayCounts,
  previous: DayCounts,
  present: MetricsPresent,
): PeriodChanges {
  const csatTop = (d: ScoreDistribution) => [countAtLeast(d, 4), distributionTotal(d)] as const
  const [x1, n1] = csatTop(current.csat)
  const [x2, n2] = csatTop(previous.csat)
  return {
    nps: present.nps ? change(compareNps(npsCounts(current.nps), npsCounts(previous.nps))) : null,
    csat: present.csat ? change(compareProportions(x1, n1, x2, n2), 100) : null,
    ces: present.ces ? change(compareMeans(moments(current.ces), moments(previous.ces))) : null,
  }
}
