import { describe, expect, it } from 'vitest'
import { leagueTable, type UnitMoments } from './empirical-bayes-league.js'
import {
  effectiveMoments,
  kishEffectiveN,
  type WeightedUnitMoments,
  weightedLeagueTable,
} from './weighted-league.js'

// Weighted league tables: each unit's weighted mean with Kish's effective n, checked against the
// definitions computed here from the answers themselves (two-pass, not the sums' algebra).

/** The roll-up sums of (score, weight) answers. */
function sums(answers: ReadonlyArray<readonly [number, number]>): WeightedUnitMoments {
  return {
    n: answers.length,
    weightSum: answers.reduce((s, [, w]) => s + w, 0),
    weightSquares: answers.reduce((s, [, w]) => s + w * w, 0),
    weightedSum: answers.reduce((s, [x, w]) => s + w * x, 0),
    weightedSquares: answers.reduce((s, [x, w]) => s + w * x * x, 0),
  }
}

/** Mean, unbiased weighted variance Σw(x − x̄)²/(V₁ − V₂/V₁) and n_eff, straight from the answers. */
function reference(answers: ReadonlyArray<readonly [number, number]>) {
  const v1 = answers.reduce((s, [, w]) => s + w, 0)
  const v2 = answers.reduce((s, [, w]) => s + w * w, 0)
  const mean = answers.reduce((s, [x, w]) => s + w * x, 0) / v1
  const squares = answers.reduce((s, [x, w]) => s + w * (x - mean) ** 2, 0)
  return { mean, variance: squares / (v1 - v2 / v1), effectiveN: (v1 * v1) / v2 }
}

/** A unit of NPS answers: scores +100/0/−100 with the given weights. */
const nps = (scores: number[], weights: number[]) =>
  scores.map((x, i) => [x, weights[i % weights.length]!] as const)

describe('weighted league tables', () => {
  it('gives Kish’s effective n and the weighted mean and variance of the answers', () => {
    const answers = nps([100, 0, -100, 100], [2, 1, 1, 2])
    expect(kishEffectiveN(6, 10)).toBe(3.6)
    const m = effectiveMoments(sums(answers))
    const ref = reference(answers)
    expect(ref.mean).toBe(50)
    expect(m.n).toBeCloseTo(3.6, 12)
    expect(m.sum / m.n).toBeCloseTo(ref.mean, 12)
    // The league's sample variance of n' answers: (Σ'² − Σ'²/n')/(n' − 1).
    expect((m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1)).toBeCloseTo(ref.variance, 9)
    expect(ref.variance).toBeCloseTo(8076.923076923, 6)
  })

  it('with weights of 1 ranks, shrinks and tests exactly as the unweighted league', () => {
    const scores = [
      [100, 100, 0, -100, 100, 100, 0, 100, 100, -100, 100, 0],
      [0, 0, -100, 100, 0, -100, -100, 0, 100, 0],
      [100, 100, 100, 100, 0, 100, 100, 100, 100, 0, 100, 100, 100, 0],
      [-100, 0, 0, -100, 100, -100, 0, 0, -100],
      [100, 0, 100, 0, 100, 0, -100, 100, 0, 100, 0],
    ]
    const weighted = weightedLeagueTable(
      scores.map((xs) => sums(nps(xs, [1]))),
      { minN: 10 },
    )
    const plain = leagueTable(
      scores.map(
        (xs): UnitMoments => ({
          n: xs.length,
          sum: xs.reduce((a, b) => a + b, 0),
          sumSquares: xs.reduce((a, b) => a + b * b, 0),
        }),
      ),
      { minN: 10 },
    )
    expect(weighted.shrinkageApplied).toBe(true)
    weighted.rows.forEach((row, i) => {
      const p = plain.rows[i]!
      expect([row.n, row.answers, row.effectiveN, row.rank, row.belowMinimum]).toEqual([
        p.n,
        p.n,
        p.n,
        p.rank,
        p.belowMinimum,
      ])
      expect(row.raw!).toBeCloseTo(p.raw!, 9)
      expect(row.shrunk!).toBeCloseTo(p.shrunk!, 9)
      expect(row.shrinkage!).toBeCloseTo(p.shrinkage!, 9)
      expect(row.versusRest?.pValue ?? -1).toBeCloseTo(p.versusRest?.pValue ?? -1, 9)
    })
  })

  it('shrinks units of equal effective n by James–Stein’s factor (k − 3)V/Σ(ȳᵢ − ȳ)²', () => {
    // Five units, the same weights pattern (so the same n_eff), different answers.
    const weights = [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]
    const units = [
      [100, 100, 0, 100, 100, 100, 0, 100, 100, 100, 0, 100],
      [0, 100, -100, 0, 100, 0, -100, 100, 0, 0, 100, -100],
      [100, 0, 0, 100, 100, 0, 100, 0, 0, 100, 100, 100],
      [-100, 0, 100, -100, 0, 100, -100, 0, 0, -100, 0, 100],
      [100, 100, 100, 0, 100, 100, 100, -100, 100, 100, 100, 100],
    ].map((xs) => nps(xs, weights))
    const refs = units.map(reference)
    const k = units.length
    const effectiveN = refs[0]!.effectiveN
    // Pooled within-unit variance with equal (n_eff − 1): the mean of the units' variances.
    const v = refs.reduce((s, r) => s + r.variance, 0) / k / effectiveN
    const means = refs.map((r) => r.mean)
    const grand = means.reduce((a, b) => a + b, 0) / k
    const spread = means.reduce((s, y) => s + (y - grand) ** 2, 0)
    const b = Math.min(1, ((k - 3) * v) / spread)
    expect(b).toBeGreaterThan(0.05)
    const table = weightedLeagueTable(units.map(sums), { minN: 5 })
    expect(table.grandMean!).toBeCloseTo(grand, 9)
    table.rows.forEach((row, i) => {
      expect(row.effectiveN).toBeCloseTo(effectiveN, 12)
      expect(row.answers).toBe(12)
      expect(row.shrinkage!).toBeCloseTo(b, 9)
      expect(row.shrunk!).toBeCloseTo(grand + (1 - b) * (means[i]! - grand), 9)
    })
  })

  it('refuses impossible sums with a specific error', () => {
    const good = sums(nps([100, 0], [1, 2]))
    expect(() => weightedLeagueTable([{ ...good, weightSum: -1 }])).toThrow(/≥ 0/)
    expect(() => weightedLeagueTable([{ ...good, weightSum: 10 }])).toThrow(/\(Σw\)² > n·Σw²/)
    expect(() => weightedLeagueTable([{ ...good, weightedSum: 1000 }])).toThrow(/impossible/)
    expect(() => weightedLeagueTable([{ ...good, n: 1.5 }])).toThrow(/whole number/)
    expect(() => weightedLeagueTable([{ ...good, weightedSquares: Number.NaN }])).toThrow(/finite/)
  })
})
