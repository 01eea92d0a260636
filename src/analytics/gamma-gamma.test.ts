import { describe, expect, it } from 'vitest'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { checkSpendCustomers, expectedAverageSpend, fitGammaGamma } from './gamma-gamma.js'

// Reference: Fader, Hardie & Lee (2005), JMR 42(4) and Fader & Hardie (2013): on the 946 CDNOW
// customers with repeat purchases, p = 6.25, q = 3.74, γ = 15.44 (clv_reference.json;
// docs/methods.md#gamma-gamma).

const reference = readJsonFixture('clv_reference.json').gamma_gamma
const data = readNumericCsv('cdnow_summary_with_spend.csv')
const customers = data.x!.map((x, i) => ({ frequency: x, spend: data.zbar![i]! }))

describe('Gamma-Gamma on CDNOW', () => {
  const fit = fitGammaGamma(customers)
  it('reproduces p, q, γ within 0.02 on the 946 repeat buyers', () => {
    expect(fit.customers).toBe(946)
    expect(fit.converged).toBe(true)
    expect(Math.abs(fit.p - reference.parameters.p)).toBeLessThan(0.02)
    expect(Math.abs(fit.q - reference.parameters.q)).toBeLessThan(0.02)
    expect(Math.abs(fit.gamma - reference.parameters.gamma)).toBeLessThan(0.02)
  })

  it('expected mean spend shrinks m_x towards the population mean pγ/(q−1)', () => {
    // Customer 1: x = 2, m_x = 22.35; p(γ + x m_x)/(px + q − 1) = 24.6586 at the fitted values.
    expect(expectedAverageSpend(fit, { frequency: 2, spend: 22.35 })).toBeCloseTo(24.6586, 3)
    const population = (fit.p * fit.gamma) / (fit.q - 1)
    expect(expectedAverageSpend(fit, { frequency: 0, spend: 0 })).toBeCloseTo(population, 10)
    expect(expectedAverageSpend({ p: 1, q: 0.5, gamma: 1 }, { frequency: 0, spend: 0 })).toBeNull()
  })
})

describe('impossible spends are refused', () => {
  it('negative mean spend', () => {
    expect(() => checkSpendCustomers([{ frequency: 1, spend: -3 }])).toThrow(
      expect.objectContaining({
        code: 'VALUE_OUT_OF_RANGE',
        details: [expect.objectContaining({ path: 'customers[0].spend', allowed: 'm_x ≥ 0' })],
      }),
    )
  })
  it('repeat purchases with zero spend', () => {
    expect(() => checkSpendCustomers([{ frequency: 3, spend: 0 }])).toThrow(
      expect.objectContaining({
        details: [expect.objectContaining({ allowed: 'm_x > 0 when x > 0' })],
      }),
    )
  })
  it('fractional frequency', () => {
    expect(() => checkSpendCustomers([{ frequency: 0.5, spend: 3 }])).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
  })
  it('fewer than two differing mean spends', () => {
    expect(() =>
      fitGammaGamma([
        { frequency: 1, spend: 5 },
        { frequency: 2, spend: 5 },
        { frequency: 0, spend: 0 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'NO_VARIANCE' }))
  })
})
