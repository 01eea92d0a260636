import { ValidationError } from '../shared/errors.js'
import { normalQuantile } from './distributions.js'

/**
 * The area under the ROC curve as the Mann–Whitney statistic (Bamber 1975; ties count ½), with two
 * standard errors: DeLong, DeLong & Clarke-Pearson (1988, Biometrics 44(3), 837–845), computed
 * from midranks (Sun & Xu 2014, IEEE Signal Processing Letters 21(11)), and Hanley & McNeil (1982,
 * Radiology 143(1), 29–36, eq. 2 with Q1 = A/(2−A), Q2 = 2A²/(1+A)). Intervals AUC ± z·SE, clipped
 * to [0, 1].
 */

export interface AucResult {
  auc: number
  positives: number
  negatives: number
  delong: { se: number; ci: [number, number] }
  hanleyMcNeil: { se: number; ci: [number, number] }
}

/** Midranks (1-based) of values, ties sharing their mean rank. */
function midranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length)
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let t = i; t <= j; t++) ranks[order[t]![1]] = (i + j) / 2 + 1
    i = j + 1
  }
  return ranks
}

const sampleVariance = (v: readonly number[]) => {
  const m = v.reduce((s, x) => s + x, 0) / v.length
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)
}

export function rocAuc(
  scores: readonly number[],
  labels: readonly (0 | 1 | boolean)[],
  confidence = 0.95,
): AucResult {
  if (scores.length !== labels.length || !scores.every(Number.isFinite))
    throw new ValidationError(
      'VALIDATION_FAILED',
      'Scores and labels must pair up and be finite numbers.',
      [{ path: 'scores', reason: 'length or value', allowed: 'one finite score per label' }],
    )
  const pos = scores.filter((_, i) => labels[i] === 1 || labels[i] === true)
  const neg = scores.filter((_, i) => !(labels[i] === 1 || labels[i] === true))
  const m = pos.length
  const n = neg.length
  if (m < 2 || n < 2)
    throw new ValidationError(
      'NO_VARIANCE',
      `The AUC and its interval need at least two cases of each outcome; got ${m} positive and ${n} negative.`,
      [{ path: 'labels', reason: `${m} positive, ${n} negative`, allowed: '≥ 2 of each' }],
    )
  const all = midranks([...pos, ...neg])
  const rPos = midranks(pos)
  const rNeg = midranks(neg)
  // Structural components: V10_i = P(score of negative < X_i) (+½ ties), V01_j = P(X > Y_j).
  const v10 = pos.map((_, i) => (all[i]! - rPos[i]!) / n)
  const v01 = neg.map((_, j) => 1 - (all[m + j]! - rNeg[j]!) / m)
  const auc = v10.reduce((s, v) => s + v, 0) / m
  const z = normalQuantile(1 - (1 - confidence) / 2)
  const interval = (se: number): [number, number] => [
    Math.max(0, auc - z * se),
    Math.min(1, auc + z * se),
  ]
  const delongSe = Math.sqrt(sampleVariance(v10) / m + sampleVariance(v01) / n)
  const q1 = auc / (2 - auc)
  const q2 = (2 * auc * auc) / (1 + auc)
  const hmSe = Math.sqrt(
    (auc * (1 - auc) + (m - 1) * (q1 - auc * auc) + (n - 1) * (q2 - auc * auc)) / (m * n),
  )
  return {
    auc,
    positives: m,
    negatives: n,
    delong: { se: delongSe, ci: interval(delongSe) },
    hanleyMcNeil: { se: hmSe, ci: interval(hmSe) },
  }
}
