import { describe, expect, it } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import {
  complaintRateScore,
  type EnterpriseCsiInput,
  enterpriseCsi,
  poissonScoreInterval,
  salesGrowthScore,
} from './enterprise-csi.js'

// Worked by hand. Intervals: R `prop.test(x, n, correct = FALSE)$conf.int` —
// 3/4: 0.3006418–0.9544127; 30/50: 0.4618144–0.7239161. Complaints: the Poisson score interval
// μ = k + z²/2 ± z·√(k + z²/4), z = 1.959964 (z² = 3.841459): k = 12 → 13.920730 ± 1.959964·√12.960365
// = 13.920730 ± 7.055970 → 6.864760–20.976700 per 1,000 → 68.6476–209.7670 per 10,000.
const input: EnterpriseCsiInput = {
  reputation: { hits: 30, n: 50 },
  designation: { hits: 3, n: 4 },
  returnRate: { hits: 20, n: 80 },
  complaintRate: { complaints: 12, base: 1000, worstPer10k: 400 },
  salesPower: { current: 1100, previous: 1000, growthCap: 0.2 },
  weights: { reputation: 25, designation: 20, returnRate: 25, complaintRate: 15, salesPower: 15 },
}

const refusal = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError)
    const err = e as ValidationError
    return { code: err.code, path: err.details?.[0]?.path }
  }
  throw new Error('not refused')
}

describe('enterpriseCsi', () => {
  it('scores the five indicators and weights them into the index (58 by hand)', () => {
    const csi = enterpriseCsi(input)
    const by = Object.fromEntries(csi.indicators.map((r) => [r.indicator, r]))
    expect(by.reputation!.score).toBeCloseTo(60, 10)
    expect(by.reputation!.ci95![0]).toBeCloseTo(46.18144, 4)
    expect(by.reputation!.ci95![1]).toBeCloseTo(72.39161, 4)
    expect(by.designation!.score).toBeCloseTo(75, 10)
    expect(by.designation!.ci95![0]).toBeCloseTo(30.06418, 4)
    expect(by.designation!.ci95![1]).toBeCloseTo(95.44127, 4)
    expect(by.returnRate!.score).toBeCloseTo(25, 10)
    expect(by.returnRate!.n).toBe(80)
    // 12 per 1,000 = 120 per 10,000; 100·(1 − 120/400) = 70. Bounds: 209.7670 → 47.5583,
    // 68.6476 → 82.8381 (the rate's upper bound is the score's lower one).
    expect(by.complaintRate!.value).toBeCloseTo(120, 10)
    expect(by.complaintRate!.score).toBeCloseTo(70, 10)
    expect(by.complaintRate!.n).toBe(1000)
    expect(by.complaintRate!.ci95![0]).toBeCloseTo(47.55825, 4)
    expect(by.complaintRate!.ci95![1]).toBeCloseTo(82.8381, 4)
    // +10% against a cap of 20%: 50 + 50·0.1/0.2 = 75; no interval.
    expect(by.salesPower!.value).toBeCloseTo(0.1, 12)
    expect(by.salesPower!.score).toBeCloseTo(75, 10)
    expect(by.salesPower!.ci95).toBeNull()
    // 0.25·60 + 0.20·75 + 0.25·25 + 0.15·70 + 0.15·75 = 15 + 15 + 6.25 + 10.5 + 11.25 = 58
    expect(csi.index).toBeCloseTo(58, 10)
    expect(csi.indicators.map((r) => r.contribution)).toEqual([
      expect.closeTo(15, 10),
      expect.closeTo(15, 10),
      expect.closeTo(6.25, 10),
      expect.closeTo(10.5, 10),
      expect.closeTo(11.25, 10),
    ])
    expect(csi.missing).toEqual([])
  })

  it('leaves indicators without data out and renormalises the weights over the rest', () => {
    const csi = enterpriseCsi({
      ...input,
      designation: { hits: 0, n: 0 },
      salesPower: { current: 500, previous: 0, growthCap: 0.2 },
    })
    expect(csi.missing).toEqual(['designation', 'salesPower'])
    // (25·60 + 25·25 + 15·70) / 65 = 3175 / 65
    expect(csi.index).toBeCloseTo(3175 / 65, 10)
    const designation = csi.indicators.find((r) => r.indicator === 'designation')!
    expect([designation.score, designation.weight, designation.contribution]).toEqual([null, 0, 0])
    expect(csi.indicators.reduce((s, r) => s + r.weight, 0)).toBeCloseTo(1, 12)
  })

  it('has no index when no weighted indicator has data', () => {
    const csi = enterpriseCsi({
      ...input,
      reputation: { hits: 0, n: 0 },
      designation: { hits: 0, n: 0 },
      returnRate: { hits: 0, n: 0 },
      complaintRate: { complaints: 0, base: 0, worstPer10k: 400 },
      salesPower: { current: 0, previous: 0, growthCap: 0.2 },
    })
    expect(csi.index).toBeNull()
    expect(csi.missing).toHaveLength(5)
  })

  it('counts complaints as events over a base: more than one per customer, none at all', () => {
    // 6 complaints of 4 customers: 15,000 per 10,000, past any W ≤ 10,000: score 0, no error.
    const many = enterpriseCsi({
      ...input,
      complaintRate: { complaints: 6, base: 4, worstPer10k: 5000 },
    }).indicators.find((r) => r.indicator === 'complaintRate')!
    expect([many.value, many.score]).toEqual([15_000, 0])
    // None of 400: rate 0, score 100; the interval's rate runs 0 to z² = 3.841459 per 400
    // = 96.0365 per 10,000 → score 100·(1 − 96.0365/400) = 75.9909.
    const none = enterpriseCsi({
      ...input,
      complaintRate: { complaints: 0, base: 400, worstPer10k: 400 },
    }).indicators.find((r) => r.indicator === 'complaintRate')!
    expect([none.value, none.score]).toEqual([0, 100])
    expect(none.ci95![0]).toBeCloseTo(75.9909, 4)
    expect(none.ci95![1]).toBe(100)
    expect(poissonScoreInterval(0)[1]).toBeCloseTo(3.841459, 6)
  })

  it('maps complaint rates and sales growth as documented, within 0–100', () => {
    expect(complaintRateScore(0, 400)).toBe(100)
    expect(complaintRateScore(400, 400)).toBe(0)
    expect(complaintRateScore(900, 400)).toBe(0)
    expect(salesGrowthScore(0, 0.2)).toBe(50)
    expect(salesGrowthScore(-0.1, 0.2)).toBe(25)
    expect(salesGrowthScore(0.5, 0.2)).toBe(100)
    expect(salesGrowthScore(-1, 0.2)).toBe(0)
  })

  it('refuses impossible input with specific errors', () => {
    expect(refusal(() => enterpriseCsi({ ...input, reputation: { hits: 5, n: 4 } }))).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      path: 'reputation.hits',
    })
    expect(refusal(() => enterpriseCsi({ ...input, returnRate: { hits: 1, n: 2.5 } }))).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      path: 'returnRate.n',
    })
    expect(
      refusal(() =>
        enterpriseCsi({ ...input, complaintRate: { complaints: 1, base: 10, worstPer10k: 0 } }),
      ),
    ).toEqual({ code: 'OPTION_INVALID', path: 'complaintRate.worstPer10k' })
    expect(
      refusal(() =>
        enterpriseCsi({ ...input, complaintRate: { complaints: 1.5, base: 10, worstPer10k: 9 } }),
      ),
    ).toEqual({ code: 'VALUE_OUT_OF_RANGE', path: 'complaintRate.complaints' })
    expect(
      refusal(() =>
        enterpriseCsi({ ...input, complaintRate: { complaints: 1, base: -1, worstPer10k: 9 } }),
      ),
    ).toEqual({ code: 'VALUE_OUT_OF_RANGE', path: 'complaintRate.base' })
    expect(
      refusal(() =>
        enterpriseCsi({ ...input, salesPower: { current: -1, previous: 10, growthCap: 0.2 } }),
      ),
    ).toEqual({ code: 'OPTION_INVALID', path: 'salesPower.current' })
    expect(
      refusal(() => enterpriseCsi({ ...input, weights: { ...input.weights, returnRate: -1 } })),
    ).toEqual({ code: 'OPTION_INVALID', path: 'weights.returnRate' })
    expect(
      refusal(() =>
        enterpriseCsi({
          ...input,
          weights: {
            reputation: 0,
            designation: 0,
            returnRate: 0,
            complaintRate: 0,
            salesPower: 0,
          },
        }),
      ),
    ).toEqual({ code: 'OPTION_INVALID', path: 'weights' })
  })
})
