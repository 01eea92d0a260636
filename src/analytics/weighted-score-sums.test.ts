import { describe, expect, it } from 'vitest'
import {
  emptyTally,
  type WeightTally,
  weightedNpsOfTally,
  weightedScaleMeanOfTally,
  weightedShareOfTally,
} from './weighted-score-sums.js'
import { weightedNps, weightedScaleMean, weightedShareAtLeast } from './weighted-scores.js'

/** The answers' tally: per value, the count, Σw and Σw². */
function tallyOf(scores: number[], weights: number[], min: number, max: number): WeightTally {
  const t = emptyTally(min, max)
  scores.forEach((x, i) => {
    t.counts[x - min]! += 1
    t.weightSums[x - min]! += weights[i]!
    t.weightSquares[x - min]! += weights[i]! ** 2
  })
  return t
}

/** A seeded generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('weighted figures from sums per score value', () => {
  it('equal the figures from the answers (weighted-scores.ts) to 1e-9 on random answers', () => {
    const random = seeded(21)
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 40)
      const weights = Array.from({ length: n }, () => 0.05 + 6 * random())
      const nps = Array.from({ length: n }, () => Math.floor(random() * 11))
      const csat = Array.from({ length: n }, () => 1 + Math.floor(random() * 5))
      // Every fifth round all on one value: SE exactly 0 both ways.
      const ces = Array.from({ length: n }, () =>
        round % 5 === 0 ? 3 : 1 + Math.floor(random() * 7),
      )
      const a = weightedNpsOfTally(tallyOf(nps, weights, 0, 10))
      const b = weightedNps(nps, weights)
      for (const key of ['nps', 'effectiveN', 'sumWeights', 'promoterShare'] as const)
        expect(a[key]).toBeCloseTo(b[key], 9)
      expect(a.ci95[0]).toBeCloseTo(b.ci95[0], 9)
      expect(a.ci95[1]).toBeCloseTo(b.ci95[1], 9)
      const c = weightedShareOfTally(tallyOf(csat, weights, 1, 5), 4)
      const d = weightedShareAtLeast(csat, weights, 4)
      expect(c.share).toBeCloseTo(d.share, 9)
      expect(c.ci95[0]).toBeCloseTo(d.ci95[0], 9)
      expect(c.ci95[1]).toBeCloseTo(d.ci95[1], 9)
      const e = weightedScaleMeanOfTally(tallyOf(ces, weights, 1, 7), [1, 7])
      const f = weightedScaleMean(ces, weights, [1, 7])
      expect(e.mean).toBeCloseTo(f.mean, 9)
      expect(e.se === null).toBe(f.se === null)
      if (e.se !== null) expect(e.se).toBeCloseTo(f.se!, 9)
      expect(e.ci95 === null).toBe(f.ci95 === null)
      if (e.ci95) {
        expect(e.ci95[0]).toBeCloseTo(f.ci95![0], 9)
        expect(e.ci95[1]).toBeCloseTo(f.ci95![1], 9)
      }
    }
  })

  it('gives the hand-worked NPS of weights 3, 1, 1, 2, 1 on 10, 9, 6, 0, 8: 12.5 on n_eff 4', () => {
    const r = weightedNpsOfTally(tallyOf([10, 9, 6, 0, 8], [3, 1, 1, 2, 1], 0, 10))
    expect(r.nps).toBeCloseTo(12.5, 12)
    expect(r.effectiveN).toBeCloseTo(4, 12)
    expect(r.designEffect).toBeCloseTo(5 / 4, 12)
  })

  it('refuses impossible sums and a tally with no weight, with specific errors', () => {
    const t = emptyTally(0, 10)
    expect(() => weightedNpsOfTally(t)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    const negative = emptyTally(1, 5)
    negative.counts[2] = 1
    negative.weightSums[2] = -1
    negative.weightSquares[2] = 1
    expect(() => weightedShareOfTally(negative, 4)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    const countless = emptyTally(1, 7)
    countless.weightSums[0] = 2
    countless.weightSquares[0] = 4
    expect(() => weightedScaleMeanOfTally(countless, [1, 7])).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    const ragged = { ...emptyTally(1, 5), weightSums: [1] }
    expect(() => weightedShareOfTally(ragged, 4)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    )
    const wide = emptyTally(0, 11)
    expect(() => weightedNpsOfTally(wide)).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    const outside = emptyTally(1, 9)
    outside.counts[8] = 2
    outside.weightSums[8] = 2
    outside.weightSquares[8] = 2
    expect(() => weightedScaleMeanOfTally(outside, [1, 7])).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
})
