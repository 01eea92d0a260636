import { describe, expect, it } from 'vitest'
import { judgeControlSignal, judgePeriodDrop, judgeVolumeFall } from './alert-judgement.js'

// The alert kinds judged on a unit's figures, on series made here: a fall that fires and the
// same data without it (or with a rise) that does not.

const months = (values: number[]) => values.map((value) => ({ value, n: 50 }))

describe('alert judgements', () => {
  it('flags a month beyond the lower control limit, not a steady series or a rise', () => {
    const steady = [50, 52, 48, 51, 49, 50, 53, 47, 51]
    const signal = judgeControlSignal(months([...steady, 20]))
    // Centre 47.1; average moving range 56/9, σ = 6.222/1.128 = 5.516; LCL = 47.1 − 16.55.
    expect(signal).toMatchObject({ value: 20, n: 50, tests: ['beyond3Sigma'] })
    expect(signal!.center).toBeCloseTo(47.1, 10)
    expect(signal!.lcl).toBeCloseTo(47.1 - (3 * 56) / 9 / 1.128, 10)
    expect(judgeControlSignal(months([...steady, 50]))).toBeNull()
    expect(judgeControlSignal(months([...steady, 90]))).toBeNull()
    // Too few months for a chart, and a series that never varies.
    expect(judgeControlSignal(months([50, 52, 48, 20]))).toBeNull()
    expect(judgeControlSignal(months(Array(10).fill(60)))).toBeNull()
  })

  it('tests a drop of the mean against the previous period one-sidedly', () => {
    // 40 answers each: NPS 75 (30 × 100, 10 × 0) then −25 (10 × 100, 10 × 0, 20 × −100).
    const may = { n: 40, sum: 3000, sumSquares: 300_000 }
    const june = { n: 40, sum: -1000, sumSquares: 300_000 }
    const drop = judgePeriodDrop(june, may, { alpha: 0.01 })
    expect(drop).toMatchObject({ value: -25, baseline: 75, n: 40, baselineN: 40 })
    // Welch's t = −100 / √(v1/40 + v2/40) from the sample variances: far beyond any threshold.
    const v1 = (300_000 - 40 * 625) / 39
    const v2 = (300_000 - 40 * 5625) / 39
    expect(drop!.pValue).toBeLessThan(1e-6)
    expect(-100 / Math.sqrt(v1 / 40 + v2 / 40)).toBeLessThan(-5)
    expect(judgePeriodDrop(may, june, {})).toBeNull() // a rise
    expect(judgePeriodDrop(june, may, { minChange: 150 })).toBeNull()
    expect(judgePeriodDrop(june, may, { minAnswers: 41 })).toBeNull()
  })

  it('tests a fall in the rate of answers per day', () => {
    const fall = judgeVolumeFall({ n: 2, days: 14.5 }, { n: 60, days: 31 }, { minFall: 0.5 })
    expect(fall).toMatchObject({ value: 2, baseline: 60 })
    expect(fall!.pValue).toBeLessThan(1e-6)
    // Same pace as before: 28 in 14.5 days against 60 in 31.
    expect(judgeVolumeFall({ n: 28, days: 14.5 }, { n: 60, days: 31 }, {})).toBeNull()
    // Too few answers before to judge.
    expect(judgeVolumeFall({ n: 0, days: 14.5 }, { n: 10, days: 31 }, {})).toBeNull()
  })
})
