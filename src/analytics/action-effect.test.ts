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
