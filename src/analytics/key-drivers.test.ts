import { describe, expect, it } from 'vitest'
import { analyzeKeyDrivers, relativeWeights, shapleyValues } from './key-drivers.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'

// References (docs/methods.md#sources): Azen & Budescu 2003, the rwa README (mtcars), relaimpo 2.2-7 (swiss, mobi).
const reference = readJsonFixture('key_drivers_reference.json')

describe('Azen & Budescu (2003), from the correlation matrix', () => {
  const ab = reference.azen_budescu_2003
  const names = ['x1', 'x2', 'x3', 'x4']
  const vars = ['y', ...names]
  const r = vars.map((a) => vars.map((b) => ab.correlation_matrix[a][b]))

  it('dominance averages by subset size match the published table to 3 decimals', () => {
    const result = shapleyValues(r, names)
    const published = [
      [0.36, 0.09, 0.16, 0.25],
      [0.3, 0.074, 0.095, 0.152],
      [0.263, 0.069, 0.063, 0.073],
      [0.246, 0.071, 0.061, 0.01],
    ]
    result.byLevel!.forEach((level, k) =>
      level.forEach((v, j) => expect(Math.abs(v - published[k]![j]!)).toBeLessThan(5e-4)),
    )
  })

  it('LMG equals relaimpo, Johnson equals the published ε; both sum to R²', () => {
    const lmg = shapleyValues(r, names)
    const rw = relativeWeights(r, names)
    expect(Math.abs(lmg.rSquared - ab.r_squared)).toBeLessThan(1e-12)
    for (const d of lmg.drivers) expect(Math.abs(d.weight - ab.lmg[d.name])).toBeLessThan(1e-12)
    for (const d of rw.drivers)
      expect(Math.abs(d.weight - ab.johnson_relative_weights.raw[d.name])).toBeLessThan(1e-10)
    expect(rw.drivers.reduce((s, d) => s + d.weight, 0)).toBeCloseTo(ab.r_squared, 12)
  })
})

describe('from raw data', () => {
  it('mtcars mpg ~ cyl + disp + hp + gear reproduces the rwa README', () => {
    const data = readNumericCsv('mtcars.csv')
    const predictors = { cyl: data.cyl!, disp: data.disp!, hp: data.hp!, gear: data.gear! }
    const rw = analyzeKeyDrivers(data.mpg!, predictors, 'relative-weights')
    const published = {
      cyl: [0.2284797, 29.32274],
      disp: [0.2221469, 28.50999],
      hp: [0.2321744, 29.79691],
      gear: [0.0963886, 12.37037],
    } as const
    for (const d of rw.drivers) {
      const [weight, share] = published[d.name as keyof typeof published]
      expect(Math.abs(d.weight - weight)).toBeLessThan(5e-8)
      expect(Math.abs(d.share - share)).toBeLessThan(5e-6)
    }
    expect(rw.signs).toEqual([-1, -1, -1, 1])
    expect(Math.abs(rw.rSquared - 0.7791896)).toBeLessThan(5e-8)
    const lmg = analyzeKeyDrivers(data.mpg!, predictors, 'shapley')
    for (const d of lmg.drivers)
      expect(Math.abs(d.weight - reference.mtcars.lmg[d.name])).toBeLessThan(1e-10)
  })

  it.each([
    [
      'swiss',
      'swiss.csv',
      'Fertility',
      ['Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality'],
    ],
    [
      'mobi_cusa1_on_perq',
      'ecsi_mobi.csv',
      'CUSA1',
      ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7'],
    ],
  ] as const)('%s: LMG and Johnson within 1e-10 of relaimpo', (key, file, outcome, names) => {
    const data = readNumericCsv(file)
    const predictors = Object.fromEntries(names.map((n) => [n, data[n]!]))
    const lmg = analyzeKeyDrivers(data[outcome]!, predictors, 'shapley')
    const rw = analyzeKeyDrivers(data[outcome]!, predictors, 'relative-weights')
    for (const d of lmg.drivers)
      expect(Math.abs(d.weight - reference[key].lmg[d.name])).toBeLessThan(1e-10)
    for (const d of rw.drivers)
      expect(Math.abs(d.weight - reference[key].johnson_relative_weights.raw[d.name])).toBeLessThan(
        1e-10,
      )
    expect(Math.abs(lmg.rSquared - reference[key].r_squared)).toBeLessThan(1e-10)
  })

  it('orthogonal predictors: both methods give the squared correlations', () => {
    const r = [
      [1, 0.5, 0.3],
      [0.5, 1, 0],
      [0.3, 0, 1],
    ]
    expect(shapleyValues(r, ['a', 'b']).drivers.map((d) => d.weight)).toEqual([
      0.25,
      expect.closeTo(0.09, 12),
    ])
    expect(relativeWeights(r, ['a', 'b']).drivers[0]!.weight).toBeCloseTo(0.25, 12)
  })

  it('collinear predictors: a clear error, not NaN', () => {
    const x = [1, 2, 3, 4, 5]
    expect(() =>
      analyzeKeyDrivers([2, 1, 4, 3, 5], { a: x, b: x.map((v) => 2 * v) }, 'relative-weights'),
    ).toThrow(/collinear/)
    expect(() =>
      analyzeKeyDrivers([2, 1, 4, 3, 5], { a: x, b: x.map((v) => 2 * v) }, 'shapley'),
    ).toThrow(/singular/)
  })

  it('an outcome no predictor correlates with (R² = 0): a clear error, not NaN shares', () => {
    // b against a: (−2)(0) + (1)(−1) + (1)(1) = 0, so R² = 0 and each share was 0/0.
    for (const method of ['relative-weights', 'shapley'] as const)
      expect(() => analyzeKeyDrivers([1, 4, 4], { b: [6, 5, 7] }, method)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          message: expect.stringMatching(/R² = 0/),
        }),
      )
  })
})
