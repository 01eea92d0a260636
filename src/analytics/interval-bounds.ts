/**
 * Below this many answers no interval is reported, only the estimate and the low-confidence
 * warning: with one to four answers an approximate 95% interval describes the approximation more
 * than the data (a single detractor gave NPS −100 with an adjusted-Wald interval of −98.5…48.5,
 * which does not even contain the estimate).
 */
export const MIN_INTERVAL_N = 5

/**
 * An interval as it may be shown: clipped to the metric's possible range (NPS −100…100, a share
 * 0…100, a mean within its scale) and widened, if need be, to contain the estimate. Intervals
 * centred on a shrunk estimate (Rocks' adjusted Wald adds 3/4 promoter and detractor) can leave
 * the raw estimate outside at small n; an interval shown beside a figure must contain it.
 */
export function boundedInterval(
  interval: readonly [number, number],
  estimate: number,
  range: readonly [number, number],
): [number, number] {
  const [lowest, highest] = range
  if (!(lowest <= estimate && estimate <= highest)) {
    throw new RangeError(`estimate ${estimate} lies outside its range ${lowest}…${highest}`)
  }
  const lower = Math.max(lowest, Math.min(interval[0], estimate))
  const upper = Math.min(highest, Math.max(interval[1], estimate))
  return [lower, upper]
}
