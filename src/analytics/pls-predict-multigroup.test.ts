import { describe, expect, it } from 'vitest'
import { estimatePlsModel, type PlsModel } from './pls-path-model.js'
import { plsMultigroup } from './pls-multigroup.js'
import { plsPredict } from './pls-predict.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'
import { seededRandom } from './seeded-random.js'

const mobi = readNumericCsv('ecsi_mobi.csv')
const model = readJsonFixture('seminr_mobi_plsc_htmt_fsquared.json').model as PlsModel

function normals(seed: number) {
  const random = seededRandom(seed)
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

describe('PLSpredict', () => {
  it('with one indicator per construct and leave-one-out folds it is the regression PRESS (closed form e/(1 − h))', () => {
    // X → Y with one indicator each: PLS is the simple regression of Y on X, and leaving one row
    // out gives the PRESS residual e_i / (1 − h_ii); the training mean without row i is
    // (n ȳ − y_i) / (n − 1).
    const x = mobi.CUEX1!
    const y = mobi.CUSA1!
    const n = x.length
    const mx = x.reduce((a, b) => a + b, 0) / n
    const my = y.reduce((a, b) => a + b, 0) / n
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0)
    const sxy = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0)
    const b = sxy / sxx
    let press = 0
    let sso = 0
    x.forEach((v, i) => {
      const e = y[i]! - (my + b * (v - mx))
      const h = 1 / n + (v - mx) ** 2 / sxx
      press += (e / (1 - h)) ** 2
      sso += (y[i]! - (n * my - y[i]!) / (n - 1)) ** 2
    })
    const result = plsPredict(
      { constructs: { X: ['CUEX1'], Y: ['CUSA1'] }, paths: [{ from: 'X', to: 'Y' }] },
      { CUEX1: x, CUSA1: y },
      { folds: n },
    )
    expect(result.indicators).toHaveLength(1)
    expect(result.indicators[0]!.q2predict).toBeCloseTo(1 - press / sso, 10)
    expect(result.indicators[0]!.rmse).toBeCloseTo(Math.sqrt(press / n), 10)
    // The LM benchmark is the same regression here.
    expect(result.indicators[0]!.lmRmse).toBeCloseTo(Math.sqrt(press / n), 10)
    expect(result.constructs).toEqual([
      { construct: 'Y', q2predict: result.indicators[0]!.q2predict },
    ])
  })

  it('predicts the Satisfaction items of the mobi model better than their means, the same for the same seed', () => {
    const a = plsPredict(model, mobi, { folds: 10, seed: 3 })
    const b = plsPredict(model, mobi, { folds: 10, seed: 3 })
    expect(a).toEqual(b)
    expect(a.indicators.map((i) => i.indicator)).toEqual(['CUSA1', 'CUSA2', 'CUSA3'])
    for (const i of a.indicators) {
      expect(i.q2predict).toBeGreaterThan(0.2)
      expect(i.q2predict).toBeLessThan(1)
      expect(i.mae).toBeLessThan(i.rmse)
    }
  })

  it('refuses folds outside 2…n (OPTION_INVALID)', () => {
    for (const folds of [1, 251, 2.5])
      expect(() => plsPredict(model, mobi, { folds })).toThrow(
        expect.objectContaining({ code: 'OPTION_INVALID' }),
      )
  })
})

describe('multigroup comparison by permutation', () => {
  // Two groups of 150 whose X → Y paths truly differ (0.2 against 0.7).
  const normal = normals(11)
  const rows = 300
  const group = Array.from({ length: rows }, (_, i) => (i < 150 ? 'north' : 'south'))
  const xi = Array.from({ length: rows }, normal)
  const eta = xi.map((v, i) => {
    const beta = i < 150 ? 0.2 : 0.7
    return beta * v + Math.sqrt(1 - beta * beta) * normal()
  })
  const indicator = (f: number[]) => f.map((v) => 0.85 * v + Math.sqrt(1 - 0.85 ** 2) * normal())
  const columns = {
    x1: indicator(xi),
    x2: indicator(xi),
    x3: indicator(xi),
    y1: indicator(eta),
    y2: indicator(eta),
    y3: indicator(eta),
  }
  const xy: PlsModel = {
    constructs: { X: ['x1', 'x2', 'x3'], Y: ['y1', 'y2', 'y3'] },
    paths: [{ from: 'X', to: 'Y' }],
  }

  it('finds the difference and gives each group its own estimate', () => {
    const result = plsMultigroup(xy, columns, group, { permutations: 200, seed: 2 })
    const north = estimatePlsModel(
      xy,
      Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.slice(0, 150)])),
    )
    expect(result.groups).toEqual([
      { name: 'north', n: 150 },
      { name: 'south', n: 150 },
    ])
    expect(result.paths[0]!.first).toBeCloseTo(north.paths[0]!.coefficient, 12)
    expect(result.paths[0]!.difference).toBeCloseTo(
      result.paths[0]!.first - result.paths[0]!.second,
      12,
    )
    expect(result.paths[0]!.difference).toBeLessThan(-0.3)
    expect(result.paths[0]!.pValue).toBeLessThan(0.01)
    expect(result.permutations).toEqual({ samples: 200, used: 200, seed: 2 })
  })

  it('finds none between two random halves of one population', () => {
    const southRows = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.slice(150)]))
    const halves = Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'))
    const result = plsMultigroup(xy, southRows, halves, { permutations: 200, seed: 2 })
    expect(result.paths[0]!.pValue).toBeGreaterThan(0.05)
  })

  it('names what is wrong: three groups without a pair, a group too small', () => {
    const three = group.map((g, i) => (i % 3 === 0 ? 'east' : g))
    expect(() => plsMultigroup(xy, columns, three, { permutations: 10 })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    expect(
      plsMultigroup(xy, columns, three, { permutations: 10, compare: ['north', 'south'] }).groups,
    ).toEqual([
      { name: 'north', n: 100 },
      { name: 'south', n: 100 },
    ])
    const tiny = group.map((_g, i) => (i < 5 ? 'few' : 'many'))
    expect(() => plsMultigroup(xy, columns, tiny, { permutations: 10 })).toThrow(
      expect.objectContaining({
        code: 'NOT_ENOUGH_DATA',
        message: expect.stringMatching(/"few" has 5/),
      }),
    )
    expect(() => plsMultigroup(xy, columns, group, { permutations: 0 })).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })
})
