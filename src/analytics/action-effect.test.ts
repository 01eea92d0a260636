import { describe, expect, it } from 'vitest'
import {
  beforeAfterEffect,
  type CellMoments,
  differenceInDifferences,
  measureActionEffect,
  npsCellMoments,
  shareCellMoments,
  sumCellMoments,
} from './action-effect.js'
import { readJsonFixture } from './__fixtures__/read-fixture.js'
import { moverInterval, periodInterval } from './mover-interval.js'
import { npsScoreInterval } from './nps-score-interval.js'
import { wilsonInterval } from './proportion-interval.js'
import { seededRandom } from './seeded-random.js'

function moments(values: readonly number[]): CellMoments {
  const n = values.length
  const mean = values.reduce((a, b) => a + b, 0) / n
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  return { n, mean, variance }
}

/** A cell with the given mean and standard error of the mean (variance = se²·n). */
function cellWithSe(n: number, mean: number, se: number): CellMoments {
  return { n, mean, variance: se * se * n }
}

/** Ratings 1–5 with the given shares; `shift` moves probability from 2 to 4 (a better service). */
function sampleRatings(random: () => number, n: number, shift: number): CellMoments {
  const shares = [0.08, 0.17 - shift, 0.3, 0.3 + shift, 0.15]
  const values: number[] = []
  for (let i = 0; i < n; i++) {
    let u = random()
    let rating = 1
    for (const share of shares) {
      if (u < share) break
      u -= share
      rating++
    }
    values.push(Math.min(rating, 5))
  }
  return moments(values)
}

describe('before/after and difference in differences', () => {
  it("reproduces R's Welch test on the sleep data (t.test(extra ~ group, data = sleep))", () => {
    const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    const effect = beforeAfterEffect(moments(group2), moments(group1))!
    expect(effect.estimate).toBeCloseTo(-1.58, 10)
    expect(effect.estimate / effect.se).toBeCloseTo(-1.860813, 5)
    expect(effect.df).toBeCloseTo(17.77647, 4)
    expect(effect.pValue).toBeCloseTo(0.07939414, 6)
    expect(effect.ci95[0]).toBeCloseTo(-3.3654832, 5)
    expect(effect.ci95[1]).toBeCloseTo(0.2054832, 5)
  })

  it('gives the difference in differences of Card & Krueger (1994, Table 3) from its cell means', () => {
    // Full-time-equivalent employment per fast-food restaurant, before and after New Jersey's
    // minimum wage rise; Pennsylvania is the comparison. Published DiD: 2.76 (from unrounded
    // means; 2.75 from the rounded ones). Their SE (1.36) uses each store's own change; treated as
    // four independent samples, as here, it is √(1.35² + 0.51² + 0.94² + 0.52²) = 1.80.
    const effect = differenceInDifferences({
      treatedBefore: cellWithSe(331, 20.44, 0.51),
      treatedAfter: cellWithSe(331, 21.03, 0.52),
      comparisonBefore: cellWithSe(79, 23.33, 1.35),
      comparisonAfter: cellWithSe(79, 21.17, 0.94),
    })!
    expect(effect.estimate).toBeCloseTo(2.75, 10)
    expect(Math.abs(effect.estimate - 2.76)).toBeLessThan(0.015)
    expect(effect.se).toBeCloseTo(1.799, 3)
    expect(effect.pValue).toBeGreaterThan(0.1)
    expect(effect.ci95[0]).toBeLessThan(0)
  })

  it('reads NPS, shares and roll-up sums as per-answer scores', () => {
    const scores = [
      ...Array<number>(60).fill(100),
      ...Array<number>(25).fill(0),
      ...Array<number>(15).fill(-100),
    ]
    const nps = npsCellMoments(60, 25, 15)
    expect(nps.mean).toBeCloseTo(45, 10)
    expect(nps.variance).toBeCloseTo(moments(scores).variance, 8)
    const share = shareCellMoments(30, 40)
    expect(share.mean).toBeCloseTo(75, 10)
    expect(share.variance).toBeCloseTo(
      moments([...Array<number>(30).fill(100), ...Array<number>(10).fill(0)]).variance,
      8,
    )
    const ratings = [5, 4, 4, 3, 5, 2, 4]
    const sum = ratings.reduce((a, b) => a + b, 0)
    const sumOfSquares = ratings.reduce((a, b) => a + b * b, 0)
    const fromSums = sumCellMoments(ratings.length, sum, sumOfSquares)
    expect(fromSums.mean).toBeCloseTo(moments(ratings).mean, 12)
    expect(fromSums.variance).toBeCloseTo(moments(ratings).variance, 10)
  })
})

describe('the verdict on synthetic plans', () => {
  const simulate = (seed: number, effect: number, commonTrend: number, n: number) => {
    const random = seededRandom(seed)
    return measureActionEffect({
      treatedBefore: sampleRatings(random, n, 0),
      treatedAfter: sampleRatings(random, n, commonTrend + effect),
      comparisonBefore: sampleRatings(random, n, 0),
      comparisonAfter: sampleRatings(random, n, commonTrend),
      goal: 'increase',
      minimumEffect: 0.1,
    })
  }

  it('calls a plan with no effect effective at about the stated 5% rate over 1,000 seeds', () => {
    let effective = 0
    for (let seed = 1; seed <= 1000; seed++) {
      if (simulate(seed, 0, 0.05, 300).verdict === 'effective') effective++
    }
    // One-sided test in the plan's direction at two-sided α = 0.05: 2.5% expected; the binomial
    // 99.9% band for 1,000 trials is about 0.8%–4.7%.
    expect(effective / 1000).toBeGreaterThan(0.008)
    expect(effective / 1000).toBeLessThan(0.047)
  })

  it('detects an injected effect (+0.12 points on a 1–5 scale) in at least 90% of 200 seeds', () => {
    let effective = 0
    for (let seed = 1; seed <= 200; seed++) {
      if (simulate(10_000 + seed, 0.12, 0.05, 2000).verdict === 'effective') effective++
    }
    expect(effective / 200).toBeGreaterThanOrEqual(0.9)
  })

  it('does not credit the plan with a trend every unit shared, which before/after alone would', () => {
    const result = simulate(7, 0, 0.15, 3000)
    expect(result.basis).toBe('difference_in_differences')
    expect(result.beforeAfter!.pValue).toBeLessThan(0.001)
    expect(result.verdict).not.toBe('effective')
  })

  it('says "not effective" when the interval rules out the minimum effect', () => {
    const result = simulate(11, 0, 0, 5000)
    expect(result.verdict).toBe('not_effective')
    expect(result.additionalAnswersNeeded).toBeNull()
  })

  it('says how many more answers are needed, and that many are enough', () => {
    const before: CellMoments = { n: 400, mean: 3.4, variance: 1.2 }
    const input = {
      treatedBefore: before,
      treatedAfter: { n: 20, mean: 3.45, variance: 1.2 },
      goal: 'increase' as const,
      minimumEffect: 0.3,
    }
    const result = measureActionEffect(input)
    expect(result.basis).toBe('before_after')
    expect(result.verdict).toBe('not_enough_data')
    const needed = result.additionalAnswersNeeded!
    expect(needed).toBeGreaterThan(0)
    // With that many more answers after the action, the standard error reaches δ/(1.96 + 0.84).
    const grown = beforeAfterEffect(before, { n: 20 + needed, mean: 3.45, variance: 1.2 })!
    expect(grown.se).toBeLessThanOrEqual(0.3 / (1.959964 + 0.841621) + 1e-9)
    const oneFewer = beforeAfterEffect(before, { n: 19 + needed, mean: 3.45, variance: 1.2 })!
    expect(oneFewer.se).toBeGreaterThan(0.3 / (1.959964 + 0.841621))
  })

  it('says when more answers after the action can never be enough (the before period is too small)', () => {
    const result = measureActionEffect({
      treatedBefore: { n: 10, mean: 3.4, variance: 1.2 },
      treatedAfter: { n: 10, mean: 3.5, variance: 1.2 },
      goal: 'increase',
      minimumEffect: 0.3,
    })
    expect(result.verdict).toBe('not_enough_data')
    expect(result.additionalAnswersNeeded).toBeNull()
  })

  it('waits for data while a cell has fewer than two answers', () => {
    const result = measureActionEffect({
      treatedBefore: { n: 2000, mean: 40, variance: 5000 },
      treatedAfter: { n: 1, mean: 100, variance: 0 },
      goal: 'increase',
      minimumEffect: 10,
    })
    expect(result.verdict).toBe('not_enough_data')
    expect(result.effect).toBeNull()
    expect(result.additionalAnswersNeeded).toBeGreaterThan(0)
  })
})

interface NewcombeExample {
  label: string
  m: number
  n: number
  x: number
  y: number
  lower: number
  upper: number
}

describe('bounded intervals for periods without spread (MOVER; Newcombe 1998, Zou & Donner 2008)', () => {
  const table = readJsonFixture<{ examples: NewcombeExample[] }>('newcombe_1998_table2.json')

  it.each(table.examples.map((e) => [e.label, e] as const))(
    "reproduces Newcombe's (1998) Table II example (%s), method 10",
    (_label, e) => {
      const effect = beforeAfterEffect(shareCellMoments(e.x, e.y), shareCellMoments(e.m, e.n), {
        kind: 'share',
      })!
      expect(effect.estimate).toBeCloseTo(100 * (e.m / e.n - e.x / e.y), 10)
      expect(effect.ci95[0] / 100).toBeCloseTo(e.lower, 4)
      expect(effect.ci95[1] / 100).toBeCloseTo(e.upper, 4)
    },
  )

  it('gives a p-value that agrees with the interval (below 0.05 exactly when the 95% interval excludes 0)', () => {
    for (const e of table.examples) {
      const effect = beforeAfterEffect(shareCellMoments(e.x, e.y), shareCellMoments(e.m, e.n), {
        kind: 'share',
      })!
      const excludesZero = effect.ci95[0] > 0 || effect.ci95[1] < 0
      expect(effect.pValue < 0.05).toBe(excludesZero)
    }
    // Example (a): the 97% interval just reaches 0 at p; at a slightly lower level it excludes it.
    const a = table.examples[0]!
    const terms = [
      [1, shareCellMoments(a.m, a.n)],
      [-1, shareCellMoments(a.x, a.y)],
    ] as const
    const p = beforeAfterEffect(terms[1][1], terms[0][1], { kind: 'share' })!.pValue
    expect(p).toBeCloseTo(0.00813, 4)
    expect(moverInterval(terms, { kind: 'share' }, 1 - p)[0]).toBeCloseTo(0, 6)
  })

  it("adds each cell's distance to its bound for a difference in differences (square and add, Newcombe 2001)", () => {
    const cells = {
      treatedBefore: shareCellMoments(48, 80),
      treatedAfter: shareCellMoments(56, 70),
      comparisonBefore: shareCellMoments(3, 10),
      comparisonAfter: shareCellMoments(9, 10),
    }
    const did = differenceInDifferences(cells, { kind: 'share' })!
    const w = (x: number, n: number) => {
      const [low, high] = wilsonInterval(x, n)!
      return [100 * low, 100 * high] as const
    }
    const [ta, tb, ca, cb] = [w(56, 70), w(48, 80), w(9, 10), w(3, 10)] as const
    const estimate = 80 - 60 - (90 - 30)
    const lower = Math.sqrt(
      (80 - ta[0]) ** 2 + (tb[1] - 60) ** 2 + (ca[1] - 90) ** 2 + (30 - cb[0]) ** 2,
    )
    const upper = Math.sqrt(
      (ta[1] - 80) ** 2 + (60 - tb[0]) ** 2 + (90 - ca[0]) ** 2 + (cb[1] - 30) ** 2,
    )
    expect(did.estimate).toBeCloseTo(-40, 10)
    expect(did.ci95[0]).toBeCloseTo(estimate - lower, 8)
    expect(did.ci95[1]).toBeCloseTo(estimate + upper, 8)
  })

  it("keeps an all-promoter period's uncertainty: Tango's NPS interval, not Welch's zero variance", () => {
    // Before: 200 answers, 170 promoters, 20 passives, 10 detractors (NPS 80). After: 8 answers,
    // all promoters (NPS 100, no spread). Welch's test sees only the before period's variance.
    const before = npsCellMoments(170, 20, 10)
    const after = npsCellMoments(8, 0, 0)
    const welch = beforeAfterEffect(before, after)!
    expect(welch.estimate).toBeCloseTo(20, 10)
    expect(welch.ci95[0]).toBeGreaterThan(12) // a Wald-like 12.9…27.1: "effective" on 8 answers
    expect(welch.pValue).toBeLessThan(0.001)
    const mover = beforeAfterEffect(before, after, { kind: 'nps' })!
    const [afterLow] = npsScoreInterval(8, 0, 8)!
    const [, beforeHigh] = npsScoreInterval(170, 10, 200)!
    // 8 of 8 promoters: Wilson's lower bound for the share 8/(8 + z²) = 0.6757, NPS 2·0.6757 − 1.
    expect(afterLow).toBeCloseTo(100 * (2 * (8 / (8 + 1.959964 ** 2)) - 1), 3)
    expect(mover.ci95[0]).toBeCloseTo(
      20 - Math.sqrt((100 - afterLow) ** 2 + (beforeHigh - 80) ** 2),
      6,
    )
    expect(mover.ci95[0]).toBeLessThan(0)
    expect(mover.ci95[1]).toBeCloseTo(
      20 + Math.sqrt(0 + (80 - npsScoreInterval(170, 10, 200)![0]) ** 2),
      6,
    )
    expect(mover.pValue).toBeGreaterThan(0.05)

    const verdictOf = (scale?: { kind: 'nps' }) =>
      measureActionEffect({
        treatedBefore: before,
        treatedAfter: after,
        goal: 'increase',
        minimumEffect: 15,
        ...(scale ? { scale } : {}),
      })
    expect(verdictOf().verdict).toBe('effective')
    const bounded = verdictOf({ kind: 'nps' })
    expect(bounded.verdict).toBe('not_enough_data')
    // More answers are needed, counted with the before period's spread (the after one has none).
    const target = 15 / (1.959964 + 0.841621)
    const needed = Math.ceil(before.variance / (target ** 2 - before.variance / 200)) - 8
    expect(bounded.additionalAnswersNeeded).toBe(needed)
    expect(needed).toBeGreaterThan(0)
  })

  it('still calls a clear all-promoter improvement effective, and gives an interval when no period varies', () => {
    const clear = measureActionEffect({
      treatedBefore: npsCellMoments(24, 18, 18),
      treatedAfter: npsCellMoments(40, 0, 0),
      goal: 'increase',
      minimumEffect: 10,
      scale: { kind: 'nps' },
    })
    expect(clear.verdict).toBe('effective')
    expect(clear.effect!.estimate).toBeCloseTo(90, 10)
    expect(clear.effect!.ci95[0]).toBeGreaterThan(0)
    // Every answer a promoter before and after: Welch has nothing to test; MOVER still bounds it.
    const flat = measureActionEffect({
      treatedBefore: npsCellMoments(50, 0, 0),
      treatedAfter: npsCellMoments(50, 0, 0),
      goal: 'increase',
      minimumEffect: 20,
      scale: { kind: 'nps' },
    })
    expect(beforeAfterEffect(npsCellMoments(50, 0, 0), npsCellMoments(50, 0, 0))).toBeNull()
    expect(flat.effect!.estimate).toBe(0)
    expect(flat.effect!.pValue).toBe(1)
    const [low] = npsScoreInterval(50, 0, 50)!
    expect(flat.effect!.ci95[0]).toBeCloseTo(-(100 - low), 6)
    expect(flat.effect!.ci95[1]).toBeCloseTo(100 - low, 6)
    // 50 of 50 promoters bound the change within ±14.8: a 20-point gain is ruled out.
    expect(flat.verdict).toBe('not_effective')
  })

  it('reads a constant rating period as a share of the scale (the most spread a mean can hide)', () => {
    const allSevens = { n: 12, mean: 7, variance: 0 }
    const [low, high] = periodInterval(allSevens, { kind: 'mean', min: 1, max: 7 }, 0.95)
    expect(high).toBe(7)
    expect(low).toBeCloseTo(1 + 6 * (12 / (12 + 1.959964 ** 2)), 5)
    // A varying period keeps Student's t interval, kept within the scale.
    const [tLow, tHigh] = periodInterval(
      { n: 10, mean: 6.8, variance: 0.4 },
      { kind: 'mean', min: 1, max: 7 },
      0.95,
    )
    expect(tLow).toBeCloseTo(6.8 - 2.262157 * Math.sqrt(0.04), 5)
    expect(tHigh).toBe(7)
  })
})

describe('impossible input', () => {
  const cell: CellMoments = { n: 50, mean: 3, variance: 1 }
  const base = {
    treatedBefore: cell,
    treatedAfter: cell,
    goal: 'increase' as const,
    minimumEffect: 0.2,
  }

  it.each([
    ['a negative count', { ...base, treatedBefore: { ...cell, n: -3 } }, 'treatedBefore.n'],
    ['a fractional count', { ...base, treatedAfter: { ...cell, n: 2.5 } }, 'treatedAfter.n'],
    [
      'a negative variance',
      { ...base, treatedAfter: { ...cell, variance: -1 } },
      'treatedAfter.variance',
    ],
    [
      'a mean that is not a number',
      { ...base, treatedBefore: { ...cell, mean: Number.NaN } },
      'treatedBefore.mean',
    ],
    ['a minimum effect of 0', { ...base, minimumEffect: 0 }, 'minimumEffect'],
    ['α of 0.6', { ...base, alpha: 0.6 }, 'alpha'],
    ['a power of 1', { ...base, power: 1 }, 'power'],
  ])('refuses %s', (_name, input, path) => {
    expect(() => measureActionEffect(input)).toThrowError(
      expect.objectContaining({
        code: 'OPTION_INVALID',
        details: [expect.objectContaining({ path: expect.stringContaining(path) })],
      }),
    )
  })

  it('refuses a rating scale whose top is not above its bottom', () => {
    expect(() =>
      measureActionEffect({ ...base, scale: { kind: 'mean', min: 5, max: 5 } }),
    ).toThrowError(expect.objectContaining({ code: 'OPTION_INVALID' }))
  })

  it('refuses comparison units with only one period', () => {
    expect(() => measureActionEffect({ ...base, comparisonBefore: cell })).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })

  it('refuses NPS counts that are not whole numbers ≥ 0', () => {
    expect(() => npsCellMoments(3, -1, 2)).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    expect(() => shareCellMoments(5, 4)).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })
})
