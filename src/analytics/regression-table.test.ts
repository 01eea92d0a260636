import { describe, expect, it } from 'vitest'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { regressionTable } from './regression-table.js'

// R's lm and car::vif on swiss (docs/methods.md#sources, **lm on swiss**).
const swiss = readNumericCsv('swiss.csv')
const reference = readJsonFixture('regression_swiss_reference.json')
const names = ['Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality']

/** Equal to the printed number to its printed significant digits. */
function printed(value: number, expected: number): void {
  const digits = String(expected)
    .replace(/^-?0?\.?0*/, '')
    .replace(/e.*$/, '')
    .replace('.', '').length
  expect(value.toPrecision(digits)).toBe(expected.toPrecision(digits))
}

describe('regression table', () => {
  const table = regressionTable(
    swiss.Fertility!,
    Object.fromEntries(names.map((n) => [n, swiss[n]!])),
  )

  it('coefficients, SE, t and p as summary(lm) prints them', () => {
    expect(table.df).toBe(reference.df)
    for (const c of table.coefficients) {
      const ref = reference.coefficients[c.name]
      printed(c.estimate, ref.estimate)
      printed(c.se, ref.se)
      printed(c.t, ref.t)
      printed(c.pValue, ref.p)
    }
  })

  it('R², adjusted R², residual SE and F as printed, VIF as car::vif', () => {
    printed(table.rSquared, reference.r_squared)
    printed(table.adjustedRSquared, reference.adjusted_r_squared)
    printed(table.residualSe, reference.residual_se)
    printed(table.f.statistic, reference.f_statistic)
    printed(table.f.pValue, reference.f_p_value)
    for (const c of table.coefficients.slice(1)) printed(c.vif!, reference.vif[c.name])
  })

  it('refuses a constant predictor and too few rows', () => {
    expect(() => regressionTable([1, 2, 3, 4], { a: [1, 1, 1, 1] })).toThrow(/same value/)
    expect(() => regressionTable([1, 2], { a: [1, 2] })).toThrow(/at least 3/)
  })

  it('refuses an exact fit (R² = 1) instead of NaN standard errors', () => {
    // The outcome is the sum of the predictors: the residuals are 0 (or a rounding residue).
    const a = [1, 4, 2, 5, 3]
    const b = [2, 1, 4, 3, 3]
    expect(() =>
      regressionTable(
        a.map((v, i) => v + b[i]!),
        { a, b },
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'SINGULAR_MATRIX',
        message: expect.stringMatching(/R² = 1/),
      }),
    )
    expect(() => regressionTable([4, 1, 1], { b: [5, 1, 1] })).toThrow(/R² = 1/)
  })
})
