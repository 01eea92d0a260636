import { checkParameter } from './input-checks.js'
import { wilsonInterval } from './proportion-interval.js'

/**
 * A 95% interval for the mean of answers on a bounded scale [a, b] when every answer is the same
 * (sample SD 0): the t interval then collapses to a point ([7, 7] from five 7s), which claims a
 * certainty a handful of answers does not give.
 *
 * It is Wilson's score interval (Wilson 1927) for the mean rescaled to 0–1, p = (x̄ − a)/(b − a),
 * taken back to the scale. Wilson's variance p(1 − p)/n is the largest any variable on [0, 1]
 * with mean p can have (Bhatia & Davis 2000: Var ≤ (b − μ)(μ − a)), so the interval is the score
 * interval under the least favourable spread the scale allows at that mean; for a 0/1 answer it
 * is exactly Wilson's. It lies within [a, b], contains x̄, and is never a point for n > 0 (five
 * 7s on 1–7 give 4.39…7; it narrows as n grows: 500 give 6.95…7). `n` may be fractional
 * (Kish's effective n of weighted answers).
 */
export function flatScaleMeanInterval(
  mean: number,
  n: number,
  scale: readonly [number, number],
  confidence = 0.95,
): [number, number] {
  const [lowest, highest] = scale
  checkParameter('n', n, n > 0, 'n > 0')
  checkParameter(
    'mean',
    mean,
    lowest < highest && lowest <= mean && mean <= highest,
    `${lowest}–${highest}`,
  )
  const p = (mean - lowest) / (highest - lowest)
  const [low, high] = wilsonInterval(p * n, n, confidence)!
  const toScale = (q: number) => lowest + Math.min(1, Math.max(0, q)) * (highest - lowest)
  return [Math.min(toScale(low), mean), Math.max(toScale(high), mean)]
}
