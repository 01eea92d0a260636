import { describe, expect, it } from 'vitest'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import {
  bgNbdLogLikelihood,
  checkRfmCustomers,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  hypergeometric2F1,
  probabilityAlive,
} from './bg-nbd.js'

// Reference: Fader, Hardie & Lee (2005), Marketing Science 24(2): the CDNOW cohort (2,357
// customers, 39-week calibration) gives r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
// (clv_reference.json, copied from ../shared/reference; docs/methods.md#bg-nbd).

const reference = readJsonFixture('clv_reference.json').bg_nbd
const data = readNumericCsv('cdnow_summary_with_spend.csv')
const customers = data.x!.map((x, i) => ({
  frequency: x,
  recency: data.t_x![i]!,
  age: data.T![i]!,
}))
const fit = fitBgNbd(customers)

describe('BG/NBD on CDNOW', () => {
  it('reproduces the published parameters within 0.002 and the log-likelihood within 0.05', () => {
    expect(fit.customers).toBe(2357)
    expect(fit.converged).toBe(true)
    for (const name of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit[name] - reference.parameters[name])).toBeLessThan(0.002)
    expect(Math.abs(fit.logLikelihood - reference.log_likelihood)).toBeLessThan(0.05)
  })

  it('is a maximum: the published point, rounded, has a lower likelihood', () => {
    expect(bgNbdLogLikelihood(reference.parameters, customers)).toBeLessThan(fit.logLikelihood)
  })

  it('customer 1 (x = 2, t_x = 30.43, T = 38.86): P(alive) and the next 39 weeks', () => {
    // Cross-checked with SciPy 1.17 (scipy.special.hyp2f1) at the fitted parameters:
    // P(alive) = 0.726609125, E[Y(39) | x, t_x, T] = 1.225910375 (the paper's 1.226).
    const c = { frequency: 2, recency: 30.43, age: 38.86 }
    expect(probabilityAlive(fit, c)).toBeCloseTo(0.726609125, 5)
    expect(conditionalExpectedPurchases(fit, c, 39)).toBeCloseTo(1.225910375, 5)
    expect(conditionalExpectedPurchases(fit, c, 0)).toBe(0)
  })

  it('a new customer buys 1.195 times in 39 weeks (SciPy: 1.195016355)', () => {
    expect(expectedPurchases(fit, 39)).toBeCloseTo(1.195016355, 5)
  })

  it('someone who never bought again is alive for sure', () => {
    expect(probabilityAlive(fit, { frequency: 0, recency: 0, age: 38.86 })).toBe(1)
  })
})

describe('hypergeometric2F1', () => {
  it('matches closed forms: ₂F₁(1, 1; 2; z) = −ln(1−z)/z and ₂F₁(a, b; b; z) = (1−z)^−a', () => {
    expect(hypergeometric2F1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12)
    expect(hypergeometric2F1(0.3, 2, 2, 0.7)).toBeCloseTo(0.3 ** -0.3, 12)
  })
  it('refuses z outside [0, 1)', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError)
  })
})

describe('impossible summaries are refused', () => {
  const cases: [string, { frequency: number; recency: number; age: number }, string, string][] = [
    ['fractional x', { frequency: 1.5, recency: 3, age: 10 }, 'frequency', 'whole numbers ≥ 0'],
    ['negative x', { frequency: -1, recency: 0, age: 10 }, 'frequency', 'whole numbers ≥ 0'],
    ['x > 0 with t_x = 0', { frequency: 2, recency: 0, age: 10 }, 'recency', 't_x > 0 when x > 0'],
    ['x = 0 with t_x > 0', { frequency: 0, recency: 4, age: 10 }, 'recency', 't_x = 0 when x = 0'],
    ['t_x > T', { frequency: 1, recency: 12, age: 10 }, 'recency', '0 ≤ t_x ≤ T (10)'],
    ['negative t_x', { frequency: 1, recency: -1, age: 10 }, 'recency', 't_x ≥ 0'],
    ['T = 0', { frequency: 0, recency: 0, age: 0 }, 'age', 'T > 0'],
    ['T not a number', { frequency: 0, recency: 0, age: Number.NaN }, 'age', 'T > 0'],
  ]
  for (const [name, bad, field, allowed] of cases)
    it(name, () => {
      expect(() => checkRfmCustomers([{ frequency: 1, recency: 2, age: 10 }, bad])).toThrow(
        expect.objectContaining({
          code: 'VALUE_OUT_OF_RANGE',
          details: [expect.objectContaining({ path: `customers[1].${field}`, allowed })],
        }),
      )
    })

  it('names the place through the caller’s locator (a file row)', () => {
    expect(() =>
      fitBgNbd([{ frequency: 2, recency: 0, age: 5 }], (i, f) => `cdnow.csv:${i + 2}:${f}`),
    ).toThrow(
      expect.objectContaining({
        details: [expect.objectContaining({ path: 'cdnow.csv:2:recency' })],
      }),
    )
  })

  it('a base whose likelihood has no finite maximum is refused, not printed', () => {
    // Everyone bought again exactly once at the same time: the drop-out rate runs off to the edge.
    const same = Array.from({ length: 5 }, () => ({ frequency: 1, recency: 10, age: 10 }))
    expect(() => fitBgNbd(same)).toThrow(
      expect.objectContaining({
        code: 'MODEL_NOT_ESTIMABLE',
        details: [expect.objectContaining({ path: 'BG/NBD' })],
      }),
    )
  })

  it('a base without any repeat purchase has no estimate', () => {
    expect(() => fitBgNbd([{ frequency: 0, recency: 0, age: 5 }])).toThrow(
      expect.objectContaining({ code: 'MODEL_NOT_ESTIMABLE' }),
    )
  })
})
