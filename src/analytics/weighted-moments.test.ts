import { describe, expect, it } from 'vitest'
import { readNumericCsv } from './__fixtures__/read-fixture.js'
import { analyzeKeyDrivers } from './key-drivers.js'
import { correlation, inverse } from './matrix.js'
import { regressionTable } from './regression-table.js'
import { weightedAverage, weightedCorrelationMatrix } from './weighted-moments.js'

// swiss (R datasets, docs/methods.md#sources) with made-up respondent weights 1, 2, 3, 1, 2, 3, …
const swiss = readNumericCsv('swiss.csv')
const names = ['Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality']
const y = swiss.Fertility!
const weights = y.map((_, i) => (i % 3) + 1)
const predictors = Object.fromEntries(names.map((n) => [n, swiss[n]!]))
/** Each row repeated as many times as its (whole) weight. */
const repeat = (values: readonly number[]) => values.flatMap((v, i) => Array(weights[i]!).fill(v))

describe('weighted least squares through weighted moments', () => {
  it('gives the coefficients, R² and driver weights of the rows repeated by their weights', () => {
    const weighted = regressionTable(y, predictors, weights)
    const repeated = regressionTable(
      repeat(y),
      Object.fromEntries(names.map((n) => [n, repeat(swiss[n]!)])),
    )
    weighted.coefficients.forEach((c, j) =>
      expect(c.estimate).toBeCloseTo(repeated.coefficients[j]!.estimate, 10),
    )
    expect(weighted.rSquared).toBeCloseTo(repeated.rSquared, 12)
    // Degrees of freedom are the rows' (47 − 6), not the repeated rows'.
    expect(weighted.df).toBe(41)
    const drivers = analyzeKeyDrivers(y, predictors, 'relative-weights', weights)
    const plain = analyzeKeyDrivers(
      repeat(y),
      Object.fromEntries(names.map((n) => [n, repeat(swiss[n]!)])),
      'relative-weights',
    )
    drivers.drivers.forEach((d, j) => expect(d.weight).toBeCloseTo(plain.drivers[j]!.weight, 12))
  })

  it('equals the normal equations b = (XᵀWX)⁻¹XᵀWy with SE √(s²·diag(XᵀWX)⁻¹), s² = Σw e²/(n − p − 1)', () => {
    const X = y.map((_, i) => [1, ...names.map((n) => swiss[n]![i]!)])
    const k = names.length + 1
    const xtwx = Array.from({ length: k }, (_, a) =>
      Array.from({ length: k }, (_, b) =>
        X.reduce((s, row, i) => s + weights[i]! * row[a]! * row[b]!, 0),
      ),
    )
    const xtwy = Array.from({ length: k }, (_, a) =>
      X.reduce((s, row, i) => s + weights[i]! * row[a]! * y[i]!, 0),
    )
    const inv = inverse(xtwx)
    const b = inv.map((row) => row.reduce((s, v, j) => s + v * xtwy[j]!, 0))
    const rss = X.reduce((s, row, i) => {
      const e = y[i]! - row.reduce((t, x, j) => t + x * b[j]!, 0)
      return s + weights[i]! * e * e
    }, 0)
    const s2 = rss / (y.length - k)
    const table = regressionTable(y, predictors, weights)
    table.coefficients.forEach((c, j) => {
      expect(c.estimate).toBeCloseTo(b[j]!, 8)
      expect(c.se).toBeCloseTo(Math.sqrt(s2 * inv[j]![j]!), 8)
    })
    expect(table.residualSe).toBeCloseTo(Math.sqrt(s2), 10)
  })

  it('with equal weights is the unweighted analysis', () => {
    const ones = y.map(() => 1)
    expect(regressionTable(y, predictors, ones).coefficients[1]!.se).toBeCloseTo(
      regressionTable(y, predictors).coefficients[1]!.se,
      12,
    )
    expect(weightedCorrelationMatrix([y, swiss.Education!], ones)[0]![1]).toBeCloseTo(
      correlation(y, swiss.Education!),
      14,
    )
    expect(weightedAverage([1, 2, 3], [1, 0, 1])).toBe(2)
  })
})
