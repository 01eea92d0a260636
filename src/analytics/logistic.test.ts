import { describe, expect, it } from 'vitest'
import { readNumericCsv } from './__fixtures__/read-fixture.js'
import { fitLogistic, logisticPredict } from './logistic.js'

// Reference: R 4.x `summary(glm(am ~ wt + hp, data = mtcars, family = binomial))`:
// (Intercept) 18.86630 (SE 7.44356), wt −8.08348 (3.06868), hp 0.03626 (0.01773);
// null deviance 43.230 on 31 df, residual deviance 10.059 on 29 df (docs/methods.md#logistic).

const mtcars = readNumericCsv('mtcars.csv')
const rows = mtcars.wt!.map((wt, i) => [wt, mtcars.hp![i]!])

describe('fitLogistic', () => {
  it('reproduces R glm on mtcars am ~ wt + hp', () => {
    const fit = fitLogistic(rows, mtcars.am!)
    expect(fit.coefficients[0]).toBeCloseTo(18.8663, 3)
    expect(fit.coefficients[1]).toBeCloseTo(-8.08348, 4)
    expect(fit.coefficients[2]).toBeCloseTo(0.03626, 5)
    expect(fit.standardErrors[0]).toBeCloseTo(7.44356, 3)
    expect(fit.standardErrors[1]).toBeCloseTo(3.06868, 4)
    expect(fit.standardErrors[2]).toBeCloseTo(0.01773, 5)
    expect(fit.nullDeviance).toBeCloseTo(43.23, 2)
    expect(fit.deviance).toBeCloseTo(10.059, 3)
  })

  it('the ridge penalty shrinks the slopes towards 0 and leaves the intercept free', () => {
    const plain = fitLogistic(rows, mtcars.am!)
    const ridge = fitLogistic(rows, mtcars.am!, { l2: 5 })
    expect(Math.abs(ridge.coefficients[1]!)).toBeLessThan(Math.abs(plain.coefficients[1]!))
    expect(ridge.l2).toBe(5)
    // At the penalised optimum the score of the intercept is 0: Σ(y − μ) = 0.
    const residual = rows.reduce(
      (s, r, i) => s + mtcars.am![i]! - logisticPredict(ridge.coefficients, r),
      0,
    )
    expect(Math.abs(residual)).toBeLessThan(1e-8)
  })

  it('refuses separated outcomes, a non-binary outcome and a negative penalty', () => {
    const x = [[1], [2], [3], [4], [5], [6]]
    expect(() => fitLogistic(x, [0, 0, 0, 1, 1, 1])).toThrow(
      expect.objectContaining({ code: 'MODEL_NOT_ESTIMABLE' }),
    )
    expect(fitLogistic(x, [0, 0, 0, 1, 1, 1], { l2: 1 }).coefficients[1]).toBeGreaterThan(0)
    expect(() => fitLogistic(x, [0, 0, 2, 1, 1, 1])).toThrow(
      expect.objectContaining({
        code: 'VALUE_OUT_OF_RANGE',
        details: [expect.objectContaining({ path: 'outcome[2]' })],
      }),
    )
    expect(() => fitLogistic(x, [0, 0, 0, 0, 0, 0])).toThrow(
      expect.objectContaining({ code: 'NO_VARIANCE' }),
    )
    expect(() => fitLogistic(x, [0, 1, 0, 1, 0, 1], { l2: -1 })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })
})
