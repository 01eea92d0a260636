import { describe, expect, it } from 'vitest'
import {
  binaryMetrics,
  stratifiedSplit,
  trainNaiveBayes,
  type LabelledDoc,
} from './train-sentiment-model.js'

const doc = (label: 0 | 1, tokens: string[]): LabelledDoc => ({
  label,
  text: tokens.join(''),
  tokens,
})

describe('trainNaiveBayes', () => {
  it('gives Laplace-smoothed log ratios of per-document presence', () => {
    const model = trainNaiveBayes(
      [doc(1, ['好', '快']), doc(1, ['好', '好']), doc(0, ['差']), doc(0, ['差', '慢'])],
      1,
    )
    // Presence counts: positive 好 2, 快 1 (total 3); negative 差 2, 慢 1 (total 3); vocabulary 4.
    expect(model.weights.好).toBeCloseTo(Math.log(3 / 7) - Math.log(1 / 7), 3)
    expect(model.weights.慢).toBeCloseTo(Math.log(1 / 7) - Math.log(2 / 7), 3)
    expect(model.prior).toBe(0)
  })

  it('marks the words a negator governs', () => {
    const model = trainNaiveBayes([doc(1, ['很', '好']), doc(0, ['不', '好'])], 1)
    expect(Object.keys(model.weights).sort()).toEqual(['NOT_好', '好', '很'])
  })
})

describe('stratifiedSplit and binaryMetrics', () => {
  it('cuts each class 80/10/10, the same for the same seed', () => {
    const docs = Array.from({ length: 100 }, (_, i) => doc(i < 70 ? 1 : 0, [String(i)]))
    const a = stratifiedSplit(docs, 7)
    expect([a.train.length, a.dev.length, a.test.length]).toEqual([80, 10, 10])
    expect(a.test.filter((d) => d.label === 1)).toHaveLength(7)
    expect(stratifiedSplit(docs, 7).test.map((d) => d.text)).toEqual(a.test.map((d) => d.text))
  })

  it('computes accuracy and macro-F1 by the sign of the score', () => {
    // tp 2, fn 1, tn 1, fp 0: F1(pos) = 4/5, F1(neg) = 2/3.
    const m = binaryMetrics([1, 1, 1, 0], [0.9, 0.1, -0.5, -0.8], 0.2)
    expect(m).toEqual({ n: 4, accuracy: 0.75, macroF1: (0.8 + 2 / 3) / 2, neutral: 0.25 })
  })
})
