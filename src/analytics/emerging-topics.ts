import { compareProportions } from './difference-tests.js'

/**
 * Emerging topics: a topic whose share of recent feedback has risen
 * significantly against its share in a baseline period. One-sided
 * two-proportion z test (pooled, as R's prop.test(…, alternative = "greater",
 * correct = FALSE)), with a floor on recent mentions and on the rise itself,
 * so one extra mention of a rare topic does not raise an alarm.
 */
export interface TopicCounts {
  topic: string
  recent: number
  baseline: number
}

export interface EmergingTopic {
  topic: string
  recentShare: number
  baselineShare: number
  /** recentShare / baselineShare (Infinity when the topic is new). */
  lift: number
  z: number
  /** One-sided p-value of "the share rose". */
  pValue: number
}

export interface EmergingOptions {
  /** Significance level of the one-sided test (default 0.01). */
  alpha?: number
  /** Fewest recent mentions to consider (default 5). */
  minRecent?: number
  /** Smallest lift (default 1.5). */
  minLift?: number
}

export function emergingTopics(
  counts: readonly TopicCounts[],
  recentTotal: number,
  baselineTotal: number,
  options: EmergingOptions = {},
): EmergingTopic[] {
  const { alpha = 0.01, minRecent = 5, minLift = 1.5 } = options
  const found: EmergingTopic[] = []
  for (const c of counts) {
    if (c.recent < minRecent || recentTotal === 0 || baselineTotal === 0) continue
    const test = compareProportions(c.recent, recentTotal, c.baseline, baselineTotal)
    if (!test || test.statistic <= 0) continue
    const pValue = test.pValue / 2
    const recentShare = c.recent / recentTotal
    const baselineShare = c.baseline / baselineTotal
    const lift = baselineShare === 0 ? Infinity : recentShare / baselineShare
    if (pValue < alpha && lift >= minLift)
      found.push({ topic: c.topic, recentShare, baselineShare, lift, z: test.statistic, pValue })
  }
  return found.sort((a, b) => a.pValue - b.pValue)
}
