import { describe, expect, it } from 'vitest'
import { readJsonFixture } from './__fixtures__/read-fixture.js'
import { leagueTable, npsMoments, shareMoments } from './empirical-bayes-league.js'
import { shrinkUnitEstimates } from './empirical-bayes.js'

// Reference: Efron & Morris 1975 (JASA 70, Table 1; data as in R pscl::EfronMorris) and the
// James–Stein rule with the constants printed in Efron & Morris 1977 (docs/methods.md#sources).
const baseball = readJsonFixture<{
  atBats: number
  publishedGrandMean: number
  publishedShrinkingFactor: number
  publishedBetterCount: number
  players: Array<{ name: string; hits: number; restOfSeason: number }>
}>('efron_morris_1975.json')

describe('shrinkUnitEstimates on the Efron–Morris batting averages', () => {
  const averages = baseball.players.map((p) => p.hits / baseball.atBats)
  const pBar = averages.reduce((s, y) => s + y, 0) / averages.length
  const result = shrinkUnitEstimates(
    averages.map((estimate) => ({ estimate, n: baseball.atBats })),
    pBar * (1 - pBar),
  )

  it('finds the published grand mean .265 and shrinking factor c = 1 − B = .212', () => {
    expect(result.applied).toBe(true)
    expect(result.grandMean).toBeCloseTo(baseball.publishedGrandMean, 3)
    for (const unit of result.units) {
      expect(1 - unit.shrinkage).toBeCloseTo(baseball.publishedShrinkingFactor, 3)
    }
    // Exactly James–Stein with equal variances: B = (k − 3)V/Σ(y − ȳ)².
    const squares = averages.reduce((s, y) => s + (y - pBar) ** 2, 0)
    const b = (15 * ((pBar * (1 - pBar)) / 45)) / squares
    expect(result.units[0]!.shrinkage).toBeCloseTo(b, 12)
  })

  it('gives each player .265 + .212(y − .265) to the printed precision', () => {
    averages.forEach((average, i) => {
      const printed = Math.round(average * 1000) / 1000
      const expected =
        baseball.publishedGrandMean +
        baseball.publishedShrinkingFactor * (printed - baseball.publishedGrandMean)
      expect(Math.abs(result.units[i]!.shrunk - expected)).toBeLessThan(1.5e-3)
    })
    expect(result.units[0]!.shrunk).toBeCloseTo(0.294, 3) // Clemente .400 → .294
    expect(result.units[17]!.shrunk).toBeCloseTo(0.242, 3) // Alvis .156 → .242
  })

  it('predicts the rest of the season better, for 16 of 18 players and in total squared error', () => {
    let better = 0
    let rawError = 0
    let shrunkError = 0
    baseball.players.forEach((player, i) => {
      const raw = Math.abs(averages[i]! - player.restOfSeason)
      const shrunk = Math.abs(result.units[i]!.shrunk - player.restOfSeason)
      if (shrunk < raw) better++
      rawError += raw ** 2
      shrunkError += shrunk ** 2
    })
    expect(better).toBe(baseball.publishedBetterCount)
    expect(rawError).toBeCloseTo(0.0753, 4)
    expect(shrunkError).toBeCloseTo(0.0213, 4)
  })
})

describe('shrinkUnitEstimates with unequal numbers of answers (Morris 1983)', () => {
  const units = [
    { estimate: 100, n: 3 },
    { estimate: 62, n: 400 },
    { estimate: 55, n: 250 },
    { estimate: 40, n: 120 },
    { estimate: 70, n: 60 },
    { estimate: 20, n: 5 },
  ]
  const v = 2500
  const result = shrinkUnitEstimates(units, v)

  it('stops at the fixed point of Morris’s equations for μ and A', () => {
    const k = units.length
    const a = result.betweenVariance
    const w = units.map((u) => 1 / (v / u.n + a))
    const sw = w.reduce((s, x) => s + x, 0)
    const mu = w.reduce((s, x, i) => s + x * units[i]!.estimate, 0) / sw
    expect(result.grandMean).toBeCloseTo(mu, 9)
    const aNext =
      w.reduce(
        (s, x, i) => s + x * ((k / (k - 1)) * (units[i]!.estimate - mu) ** 2 - v / units[i]!.n),
        0,
      ) / sw
    expect(a).toBeGreaterThan(0)
    expect(aNext).toBeCloseTo(a, 6)
  })

  it('pulls the three-answer unit far and the 400-answer unit little', () => {
    const [tiny, big] = result.units
    // Bᵢ ≤ (k − 3)/(k − 1) = 0.6 with six units.
    expect(tiny!.shrinkage).toBeGreaterThan(0.4)
    expect(big!.shrinkage).toBeLessThan(0.05)
    expect(tiny!.estimate - tiny!.shrunk).toBeGreaterThan(15)
    expect(big!.estimate - big!.shrunk).toBeLessThan(0.5)
    // Shrunk figures lie between the raw figure and the common mean.
    for (const u of result.units) {
      expect(Math.min(u.estimate, result.grandMean) - 1e-9).toBeLessThanOrEqual(u.shrunk)
      expect(u.shrunk).toBeLessThanOrEqual(Math.max(u.estimate, result.grandMean) + 1e-9)
      expect(u.shrunkCi95[0]).toBeLessThan(u.shrunk)
    }
  })

  it('leaves fewer than four units as they are', () => {
    const three = shrinkUnitEstimates(units.slice(0, 3), v)
    expect(three.applied).toBe(false)
    expect(three.units.map((u) => u.shrunk)).toEqual([100, 62, 55])
  })

  it('refuses impossible input', () => {
    expect(() => shrinkUnitEstimates([{ estimate: 1, n: 0 }], 1)).toThrow(/whole number > 0/)
    expect(() => shrinkUnitEstimates([{ estimate: 1, n: 2.5 }], 1)).toThrow(/whole number/)
    expect(() => shrinkUnitEstimates([{ estimate: Number.NaN, n: 2 }], 1)).toThrow(/finite/)
    expect(() => shrinkUnitEstimates([{ estimate: 1, n: 2 }], -1)).toThrow(/variance/)
  })
})

describe('leagueTable', () => {
  // Shares of satisfied customers (in %), six sibling stores.
  const stores = [
    shareMoments(3, 3), // 100% of 3 answers
    shareMoments(330, 400), // 82.5%
    shareMoments(170, 250), // 68%
    shareMoments(70, 120), // 58.3%
    shareMoments(45, 60), // 75%
    shareMoments(1, 5), // 20%
  ]
  const table = leagueTable(stores, { minN: 30 })

  it('does not let a three-answer store top the table, and lists it unranked', () => {
    expect(table.rows[0]!.raw).toBe(100)
    expect(table.rows[0]!.belowMinimum).toBe(true)
    expect(table.rows[0]!.rank).toBeNull()
    expect(table.rows[0]!.shrunk!).toBeLessThan(table.rows[0]!.raw!)
    expect(table.rows.map((r) => r.rank)).toEqual([null, 1, 3, 4, 2, null])
  })

  it('tests each ranked store against the rest of its siblings (Welch, as R t.test)', () => {
    // Store 2 (82.5%) against the other 438 answers: computed from the same 0/100 scores.
    const row = table.rows[1]!
    expect(row.versusRest!.verdict).toBe('better')
    const restHits = 3 + 170 + 70 + 45 + 1
    const restN = 3 + 250 + 120 + 60 + 5
    expect(row.versusRest!.difference).toBeCloseTo(82.5 - (100 * restHits) / restN, 10)
    expect(table.rows[3]!.versusRest!.verdict).toBe('worse')
    expect(table.rows[4]!.versusRest!.verdict).toBe('same')
    expect(table.rows[5]!.versusRest).toBeNull()
  })

  it('ranks lower-is-better figures the other way', () => {
    const effort = leagueTable(stores, { minN: 30, higherIsBetter: false })
    expect(effort.rows.map((r) => r.rank)).toEqual([null, 4, 2, 1, 3, null])
    expect(effort.rows[3]!.versusRest!.verdict).toBe('better')
  })

  it('builds NPS moments from counts: mean = NPS in points', () => {
    const m = npsMoments(50, 30, 20)
    expect(m.sum / m.n).toBe(30)
    const t = leagueTable([m, npsMoments(10, 10, 10), npsMoments(0, 0, 0)], { minN: 10 })
    expect(t.rows[0]!.raw).toBe(30)
    expect(t.rows[1]!.raw).toBe(0)
    expect(t.rows[2]!.raw).toBeNull()
    expect(t.rows[2]!.rank).toBeNull()
    expect(t.shrinkageApplied).toBe(false)
  })

  it('keeps intervals within the metric’s range and gives none below five answers', () => {
    const bounded = leagueTable(
      [shareMoments(3, 3), shareMoments(399, 400), shareMoments(10, 20)],
      {
        minN: 10,
        range: [0, 100],
      },
    )
    expect(bounded.rows[0]!.rawCi95).toBeNull()
    expect(bounded.rows[0]!.shrunkCi95).toBeNull()
    expect(bounded.rows[1]!.rawCi95![1]).toBe(100)
    expect(bounded.rows[1]!.rawCi95![0]).toBeCloseTo(
      99.75 - 1.959963985 * Math.sqrt((0.9975 * 0.0025 * 400 * 10000) / 399 / 400),
      6,
    )
    expect(bounded.rows[2]!.rawCi95![0]).toBeGreaterThanOrEqual(0)
  })

  it('refuses sums no set of answers can have, and a bad minimum', () => {
    expect(() => leagueTable([{ n: 2, sum: 300, sumSquares: 100 }])).toThrow(/impossible/)
    expect(() => leagueTable([{ n: -1, sum: 0, sumSquares: 0 }])).toThrow(/whole number/)
    expect(() => leagueTable(stores, { minN: 0 })).toThrow(/minimum/)
  })
})
