import { seededRandom } from '../analytics/seeded-random.js'
import {
  lexiconScore,
  naiveBayesFeatures,
  naiveBayesScore,
  type SentimentModel,
} from './sentiment.js'

/**
 * Training of the Chinese sentiment model: multinomial naive Bayes over
 * jieba tokens with negation scope marking (Pang, Lee & Vaithyanathan 2002;
 * Das & Chen 2001), Laplace smoothing, words seen at least `minCount` times;
 * then a two-feature logistic regression that weighs the naive Bayes score
 * against the lexicon score, fitted on a development split the naive Bayes
 * counts never saw. Pure and deterministic; scripts/train-sentiment.ts feeds it.
 */

export interface LabelledDoc {
  label: 0 | 1
  text: string
  tokens: string[]
}

export interface Split {
  train: LabelledDoc[]
  dev: LabelledDoc[]
  test: LabelledDoc[]
}

/** Stratified split by a seeded shuffle: each class is cut 80/10/10. */
export function stratifiedSplit(docs: readonly LabelledDoc[], seed: number): Split {
  const random = seededRandom(seed)
  const split: Split = { train: [], dev: [], test: [] }
  for (const label of [0, 1] as const) {
    const group = docs.filter((d) => d.label === label)
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[group[i], group[j]] = [group[j]!, group[i]!]
    }
    const nDev = Math.round(group.length * 0.1)
    const nTest = Math.round(group.length * 0.1)
    split.test.push(...group.slice(0, nTest))
    split.dev.push(...group.slice(nTest, nTest + nDev))
    split.train.push(...group.slice(nTest + nDev))
  }
  return split
}

export function trainNaiveBayes(
  docs: readonly LabelledDoc[],
  minCount = 3,
): Pick<SentimentModel, 'weights' | 'prior'> {
  const counts = [new Map<string, number>(), new Map<string, number>()]
  const totals = [0, 0]
  const docCounts = [0, 0]
  for (const doc of docs) {
    docCounts[doc.label]!++
    // Binarised per document (Wang & Manning 2012: presence beats frequency for short reviews).
    for (const f of new Set(naiveBayesFeatures(doc.tokens))) {
      counts[doc.label]!.set(f, (counts[doc.label]!.get(f) ?? 0) + 1)
      totals[doc.label]!++
    }
  }
  const vocabulary = new Set(
    [...counts[0]!.keys(), ...counts[1]!.keys()].filter(
      (f) => (counts[0]!.get(f) ?? 0) + (counts[1]!.get(f) ?? 0) >= minCount,
    ),
  )
  const v = vocabulary.size
  const weights: Record<string, number> = {}
  for (const f of [...vocabulary].sort()) {
    const pos = Math.log(((counts[1]!.get(f) ?? 0) + 1) / (totals[1]! + v))
    const neg = Math.log(((counts[0]!.get(f) ?? 0) + 1) / (totals[0]! + v))
    const w = pos - neg
    // Words that say nothing either way only cost space.
    if (Math.abs(w) >= 0.05) weights[f] = Math.round(w * 1000) / 1000
  }
  return { weights, prior: Math.log(docCounts[1]! / docCounts[0]!) }
}

/**
 * Logistic regression on [NB score, lexicon score] by gradient descent
 * (deterministic, L2 0.01), each class weighted to half the total: the hotel
 * reviews are two-thirds positive, and that prior should not carry over to
 * feedback from other services (prior-shift correction, Saerens et al. 2002).
 */
export function fitCombination(
  docs: readonly LabelledDoc[],
  nb: Pick<SentimentModel, 'weights' | 'prior'>,
): SentimentModel['combine'] {
  const rows = docs.map((d) => ({
    x1: naiveBayesScore(d.tokens, nb).score,
    x2: lexiconScore(d.text, d.tokens).score,
    y: d.label,
  }))
  const positives = rows.filter((r) => r.y === 1).length
  const classWeight = [rows.length / (2 * (rows.length - positives)), rows.length / (2 * positives)]
  let [b, w1, w2] = [0, 0, 0]
  const rate = 0.05
  for (let epoch = 0; epoch < 3000; epoch++) {
    let [gb, g1, g2] = [0, 0, 0]
    for (const r of rows) {
      const p = 1 / (1 + Math.exp(-(b + w1 * r.x1 + w2 * r.x2)))
      const e = (p - r.y) * classWeight[r.y]!
      gb += e
      g1 += e * r.x1
      g2 += e * r.x2
    }
    b -= (rate * gb) / rows.length
    w1 -= rate * (g1 / rows.length + 0.01 * w1)
    w2 -= rate * (g2 / rows.length + 0.01 * w2)
  }
  return {
    bias: Math.round(b * 1e4) / 1e4,
    nb: Math.round(w1 * 1e4) / 1e4,
    lexicon: Math.round(w2 * 1e4) / 1e4,
  }
}

export interface BinaryMetrics {
  n: number
  accuracy: number
  /** Mean of the positive and negative classes' F1. */
  macroF1: number
  /** Share scored neutral (counted by the sign of their score for accuracy). */
  neutral: number
}

export function binaryMetrics(
  gold: ReadonlyArray<0 | 1>,
  scores: readonly number[],
  neutralBand: number,
): BinaryMetrics {
  let tp = 0
  let tn = 0
  let fp = 0
  let fn = 0
  let neutral = 0
  gold.forEach((g, i) => {
    const s = scores[i]!
    if (Math.abs(s) < neutralBand) neutral++
    const predicted = s >= 0 ? 1 : 0
    if (predicted === 1 && g === 1) tp++
    else if (predicted === 0 && g === 0) tn++
    else if (predicted === 1) fp++
    else fn++
  })
  const f1 = (t: number, f: number, m: number) => (2 * t === 0 ? 0 : (2 * t) / (2 * t + f + m))
  return {
    n: gold.length,
    accuracy: (tp + tn) / gold.length,
    macroF1: (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2,
    neutral: neutral / gold.length,
  }
}

export interface StrictMetrics {
  n: number
  accuracy: number
  /** Mean of the positive and negative classes' F1; a neutral verdict is a miss for its text's class. */
  macroF1: number
  /** Share of these polar texts labelled neutral. */
  neutral: number
}

/** Accuracy and macro-F1 of three-way labels on texts known to be positive (1) or negative (0): neutral is wrong. */
export function strictMetrics(
  gold: ReadonlyArray<0 | 1>,
  labels: ReadonlyArray<'positive' | 'neutral' | 'negative'>,
): StrictMetrics {
  let tp = 0
  let tn = 0
  let fp = 0
  let fn = 0
  let neutral = 0
  let falsePos = 0
  let falseNeg = 0
  gold.forEach((g, i) => {
    const l = labels[i]!
    if (l === 'neutral') {
      neutral++
      if (g === 1) fn++
      else fp++
      return
    }
    if (l === 'positive' && g === 1) tp++
    else if (l === 'negative' && g === 0) tn++
    else if (l === 'positive') falsePos++
    else falseNeg++
  })
  // Positive class: tp; predicted positive wrongly falsePos; missed fn + falseNeg.
  const f1 = (t: number, wrongPred: number, missed: number) =>
    t === 0 ? 0 : (2 * t) / (2 * t + wrongPred + missed)
  return {
    n: gold.length,
    accuracy: (tp + tn) / gold.length,
    macroF1: (f1(tp, falsePos, fn + falseNeg) + f1(tn, falseNeg, fp + falsePos)) / 2,
    neutral: neutral / gold.length,
  }
}
