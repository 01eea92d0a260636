import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { readNumericCsv } from './__fixtures__/read-fixture.js'
import { cronbachAlpha } from './cronbach-alpha.js'
import { mcdonaldOmega, omegaFromCovariance } from './omega.js'

const mobi = readNumericCsv('ecsi_mobi.csv')
const block = (names: string[]) => ({ names, columns: names.map((n) => mobi[n]!) })

describe("McDonald's omega (one-factor ML)", () => {
  it('recovers the loadings of a covariance matrix that is exactly one-factor', () => {
    // Population Σ = λλᵀ + Ψ with λ = (0.9, 0.8, 0.7, 0.6), ψ = (0.19, 0.36, 0.51, 0.64):
    // ω = 3²/(3² + 1.70) = 0.841121495327103 (McDonald 1999, eq. 6.20b).
    const lambda = [0.9, 0.8, 0.7, 0.6]
    const psi = [0.19, 0.36, 0.51, 0.64]
    const s = lambda.map((a, i) => lambda.map((b, j) => a * b + (i === j ? psi[i]! : 0)))
    const result = omegaFromCovariance(s)
    expect(result.omega).toBeCloseTo(9 / 10.7, 10)
    result.loadings.forEach((l, i) => expect(l).toBeCloseTo(lambda[i]!, 8))
    result.uniqueVariances.forEach((p, i) => expect(p).toBeCloseTo(psi[i]!, 8))
    expect(result.heywood).toEqual([])
  })

  // F: the ML discrepancy ln|Σ| + tr(SΣ⁻¹) minimized directly over (λ, ln ψ) with SciPy 1.17
  // (BFGS, then Nelder–Mead, then BFGS), an algorithm independent of the fixed point used here.
  const reference: Array<[string, string[], number]> = [
    ['Image', ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'], 0.7216929959155499],
    [
      'Quality',
      ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7'],
      0.8740480906138116,
    ],
    ['Satisfaction', ['CUSA1', 'CUSA2', 'CUSA3'], 0.7888396193449564],
  ]
  for (const [name, names, omega] of reference)
    it(`ECSI mobi ${name}: ω = ${omega.toFixed(6)}, at least α`, () => {
      const { columns } = block(names)
      const result = mcdonaldOmega(names, columns)
      expect(result.omega).toBeCloseTo(omega, 6)
      expect(result.omega).toBeGreaterThanOrEqual(cronbachAlpha(columns) - 1e-12)
      expect(result.loadings.every((l) => l > 0)).toBe(true)
    })

  it('reports a Heywood case instead of a negative unique variance (mobi Loyalty)', () => {
    const { names, columns } = block(['CUSL1', 'CUSL2', 'CUSL3'])
    const result = mcdonaldOmega(names, columns)
    expect(result.converged || result.heywood.length > 0).toBe(true)
    expect(result.heywood).toEqual([2])
    expect(result.omega).toBeGreaterThan(0)
    expect(result.omega).toBeLessThan(1)
  })

  it('refuses two items and a constant item with typed errors', () => {
    const { names, columns } = block(['IMAG1', 'IMAG2'])
    expect(() => mcdonaldOmega(names, columns)).toThrow(AppError)
    const constant = [1, 1, 1, 1]
    try {
      mcdonaldOmega(['a', 'b', 'c'], [constant, [1, 2, 3, 4], [2, 3, 3, 5]])
      expect.unreachable()
    } catch (error) {
      expect((error as AppError).code).toBe('NO_VARIANCE')
    }
  })
})
