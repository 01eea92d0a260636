import { describe, expect, it } from 'vitest'
import { customerValue } from './clv.js'

// Parameters: the CDNOW fits (bg-nbd.test.ts, gamma-gamma.test.ts). Expected values computed
// independently with SciPy 1.17 (scipy.special.hyp2f1) from the same formulas (docs/methods.md#clv).
const bgnbd = {
  r: 0.24259289797736527,
  alpha: 4.413530662337467,
  a: 0.7928866074322032,
  b: 2.4257549982686735,
}
const gammaGamma = { p: 6.248802852200104, q: 3.7445885444299467, gamma: 15.447747402439608 }
const customer1 = { frequency: 2, recency: 30.43, age: 38.86, spend: 22.35 }

describe('customerValue', () => {
  it('customer 1 over 12 months of 4.345 weeks at 1% a month: CLV 36.2785 (SciPy)', () => {
    const v = customerValue(bgnbd, gammaGamma, customer1, {
      periods: 12,
      periodLength: 4.345,
      discountRate: 0.01,
    })
    expect(v.probabilityAlive).toBeCloseTo(0.726609125, 8)
    expect(v.expectedAverageSpend).toBeCloseTo(24.658616036, 6)
    expect(v.clv).toBeCloseTo(36.278493585, 5)
  })

  it('without discounting, CLV = E[M] · E[Y(HΔ)]', () => {
    const v = customerValue(bgnbd, gammaGamma, customer1, {
      periods: 9,
      periodLength: 4.345,
      discountRate: 0,
    })
    expect(v.clv).toBeCloseTo(v.expectedAverageSpend! * v.expectedPurchases, 10)
  })

  it('refuses impossible options', () => {
    const bad = { periods: 0, periodLength: 4.345, discountRate: 0.01 }
    expect(() => customerValue(bgnbd, gammaGamma, customer1, bad)).toThrow(
      expect.objectContaining({
        code: 'OPTION_INVALID',
        details: [expect.objectContaining({ path: 'periods' })],
      }),
    )
    expect(() =>
      customerValue(bgnbd, gammaGamma, customer1, { ...bad, periods: 3, discountRate: -0.1 }),
    ).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'discountRate' })] }),
    )
  })
})
