/**
 * Pareto analysis (Juran's "vital few"): categories by count, descending, with
 * each one's share and the cumulative share; the vital few are the categories
 * up to and including the one where the cumulative share first reaches the
 * cut-off (80% by convention).
 */
export interface ParetoRow<K extends string = string> {
  key: K
  count: number
  share: number
  cumulativeShare: number
  vital: boolean
}

export function paretoOf<K extends string>(
  counts: ReadonlyArray<{ key: K; count: number }>,
  cutoff = 0.8,
): ParetoRow<K>[] {
  const total = counts.reduce((sum, c) => sum + c.count, 0)
  if (total === 0) return []
  const sorted = [...counts]
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
  let running = 0
  let reached = false
  return sorted.map((c) => {
    running += c.count
    const cumulativeShare = running / total
    const vital = !reached
    if (cumulativeShare >= cutoff) reached = true
    return { key: c.key, count: c.count, share: c.count / total, cumulativeShare, vital }
  })
}

/** The q-quantile (0–1) of sorted values by linear interpolation (Hyndman & Fan type 7, R's default). */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}
