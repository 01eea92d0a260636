import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { emImpute } from './em-imputation.js'

describe('EM estimates with blanks (multivariate normal)', () => {
  it('equals the sample mean and ML covariance when nothing is blank', () => {
    const rows = [
      [1, 2],
      [2, 1],
      [3, 5],
      [4, 4],
    ]
    const result = emImpute(rows)
    expect(result.mean).toEqual([2.5, 3])
    expect(result.covariance[0]![0]).toBeCloseTo(1.25, 12)
    expect(result.covariance[0]![1]).toBeCloseTo(1.25, 12)
    expect(result.imputed).toBe(0)
  })

  it('reaches the closed-form ML of a monotone bivariate pattern (Anderson 1957; Little & Rubin §7.2)', () => {
    // x observed for all 8, y for the first 5. The factored likelihood gives: μ_x = x̄ (all 8);
    // β = s_xy/s_xx and α = ȳ − βx̄ on the 5 complete pairs; μ_y = α + βμ_x;
    // σ_yy = σ_yy·x + β²σ_xx, σ_xy = βσ_xx (ML divisors).
    const x = [1, 2, 3, 4, 5, 6, 7, 9]
    const y = [2.1, 2.9, 4.2, 4.8, 6.3]
    const rows = x.map((xi, i) => [xi, i < y.length ? y[i]! : null])
    const cc = x.slice(0, 5)
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
    const mx = mean(cc)
    const my = mean(y)
    const sxx = cc.reduce((s, v) => s + (v - mx) ** 2, 0) / 5
    const sxy = cc.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / 5
    const beta = sxy / sxx
    const alpha = my - beta * mx
    const residual = y.reduce((s, v, i) => s + (v - alpha - beta * cc[i]!) ** 2, 0) / 5
    const muX = mean(x)
    const sxxAll = x.reduce((s, v) => s + (v - muX) ** 2, 0) / 8
    const result = emImpute(rows)
    expect(result.converged).toBe(true)
    expect(result.mean[0]).toBeCloseTo(muX, 10)
    expect(result.mean[1]).toBeCloseTo(alpha + beta * muX, 8)
    expect(result.covariance[0]![1]).toBeCloseTo(beta * sxxAll, 8)
    expect(result.covariance[1]![1]).toBeCloseTo(residual + beta * beta * sxxAll, 8)
    // The blanks are filled with the regression prediction α + βx.
    expect(result.filled[7]![1]).toBeCloseTo(alpha + beta * 9, 8)
    expect(result.imputed).toBe(3)
  })

  it('refuses a column with fewer than two answers', () => {
    expect(() =>
      emImpute([
        [1, null],
        [2, null],
        [3, 4],
      ]),
    ).toThrow(AppError)
  })
})
