/**
 * A distribution of integer answers on a fixed scale: `counts[i]` is the
 * number of answers equal to `min + i`.
 */
export interface ScoreDistribution {
  min: number
  counts: number[]
}

export function emptyDistribution(min: number, max: number): ScoreDistribution {
  return { min, counts: new Array<number>(max - min + 1).fill(0) }
}

export function distributionFromScores(
  scores: ReadonlyArray<number | null>,
  min: number,
  max: number,
): ScoreDistribution {
  const distribution = emptyDistribution(min, max)
  for (const score of scores) {
    if (score === null) continue
    if (!Number.isInteger(score) || score < min || score > max) {
      throw new RangeError(`score must be an integer ${min}–${max}, got ${score}`)
    }
    distribution.counts[score - min]!++
  }
  return distribution
}

export function distributionTotal(distribution: ScoreDistribution): number {
  return distribution.counts.reduce((a, b) => a + b, 0)
}

/** Answers at or above `threshold`. */
export function countAtLeast(distribution: ScoreDistribution, threshold: number): number {
  let total = 0
  distribution.counts.forEach((count, i) => {
    if (distribution.min + i >= threshold) total += count
  })
  return total
}

export function addDistributions(target: ScoreDistribution, source: ScoreDistribution): void {
  source.counts.forEach((count, i) => {
    target.counts[i]! += count
  })
}
