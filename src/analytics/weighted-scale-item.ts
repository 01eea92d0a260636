import { MIN_INTERVAL_N } from './interval-bounds.js'
import { weightedScaleMean } from './weighted-scores.js'

/**
 * One rating item (a Likert statement, a 0–10 rating, a matrix row) with respondent weights: the
 * weighted mean Σw·x/Σw with the linearization interval of weighted-scores.ts held to the scale,
 * the weighted share of each scale point and of the top two points (Hájek ratios, Lohr 2019 §7.3),
 * and Kish's effective n = (Σw)²/Σw² (Kish 1965 §11.7) on which the interval rests. As the
 * unweighted item (scale-item.ts): answers outside the scale or not whole numbers are ignored, and
 * no interval is shown below MIN_INTERVAL_N answers.
 */
export interface WeightedScaleItem {
  /** Answers on the scale with a weight. */
  n: number
  effectiveN: number
  mean: number
  ci95: [number, number] | null
  /** Weighted share of each scale point in percent, lowest first. */
  distribution: number[]
  /** Weighted share of the top two points, in percent. */
  topTwoShare: number
}

export function weightedScaleItem(
  answers: readonly number[],
  weights: readonly number[],
  min: number,
  max: number,
): WeightedScaleItem | null {
  const values: number[] = []
  const kept: number[] = []
  answers.forEach((a, i) => {
    if (Number.isInteger(a) && a >= min && a <= max) {
      values.push(a)
      kept.push(weights[i]!)
    }
  })
  if (values.length === 0) return null
  const result = weightedScaleMean(values, kept, [min, max])
  const distribution = new Array<number>(max - min + 1).fill(0)
  values.forEach((a, i) => {
    distribution[a - min]! += kept[i]!
  })
  const share = (w: number) => (100 * w) / result.sumWeights
  return {
    n: values.length,
    effectiveN: result.effectiveN,
    mean: result.mean,
    ci95: values.length < MIN_INTERVAL_N ? null : result.ci95,
    distribution: distribution.map(share),
    topTwoShare: share(distribution[max - min]! + (distribution[max - min - 1] ?? 0)),
  }
}
