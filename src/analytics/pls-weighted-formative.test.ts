import { describe, expect, it } from 'vitest'
import { estimatePlsModel, type PlsModel } from './pls-path-model.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'

// Weighted PLS, formative (mode B) blocks and the bootstrap of every estimate.
const reference = readJsonFixture('ecsi_mobi_pls_reference.json')
const mobi = readNumericCsv('ecsi_mobi.csv')
const blocks = reference.model.blocks as Record<string, string | string[]>
const model: PlsModel = {
  constructs: Object.fromEntries(
    Object.entries(blocks).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
  ),
  paths: (reference.model.paths as string[][]).map(([from, to]) => ({ from: from!, to: to! })),
}
const n = mobi.CUSA1!.length

describe('weighted PLS', () => {
  it('equal weights give plspm’s unweighted estimates on mobi (within 1e-9)', () => {
    const result = estimatePlsModel(model, mobi, { weights: new Array(n).fill(2.5) })
    const expected = reference.path_weighting
    for (const w of result.outerWeights)
      expect(Math.abs(w.value - expected.outer_weights[w.indicator])).toBeLessThan(1e-9)
    for (const p of expected.path_coefficients as Array<{
      from: string
      to: string
      value: number
    }>) {
      const got = result.paths.find((q) => q.from === p.from && q.to === p.to)!
      expect(Math.abs(got.coefficient - p.value)).toBeLessThan(1e-9)
    }
  })

  it('whole-number weights give exactly the estimates of the rows repeated that many times', () => {
    // Weights 1, 2, 3, 1, 2, 3 … against a file where row i appears w_i times.
    const weights = Array.from({ length: n }, (_, i) => 1 + (i % 3))
    const repeated = Object.fromEntries(
      Object.entries(mobi).map(([name, values]) => [
        name,
        values.flatMap((v, i) => new Array<number>(weights[i]!).fill(v)),
      ]),
    )
    const weighted = estimatePlsModel(model, mobi, { weights })
    const expanded = estimatePlsModel(model, repeated)
    expect(expanded.n).toBe(weights.reduce((a, b) => a + b, 0))
    weighted.paths.forEach((p, k) =>
      expect(p.coefficient).toBeCloseTo(expanded.paths[k]!.coefficient, 10),
    )
    weighted.outerWeights.forEach((w, k) =>
      expect(w.value).toBeCloseTo(expanded.outerWeights[k]!.value, 10),
    )
    weighted.loadings.forEach((l, k) =>
      expect(l.value).toBeCloseTo(expanded.loadings[k]!.value, 10),
    )
    for (const [name, r2] of Object.entries(weighted.rSquared))
      expect(r2).toBeCloseTo(expanded.rSquared[name]!, 10)
    for (const [name, index] of Object.entries(weighted.indices))
      expect(index).toBeCloseTo(expanded.indices[name]!, 9)
    // …and differ from the unweighted estimates (the weights do something).
    const plain = estimatePlsModel(model, mobi)
    expect(Math.abs(weighted.paths[0]!.coefficient - plain.paths[0]!.coefficient)).toBeGreaterThan(
      1e-3,
    )
  })
})

describe('formative (mode B) blocks', () => {
  // R's swiss data: with one formative block of the five predictors pointing at Fertility (a
  // one-indicator construct), mode B's weights are the regression of Fertility on the block, so
  // R² is lm(Fertility ~ ., swiss)'s 0.7067 and each outer weight is the standardized coefficient
  // b_j·s_j/s_y over √R² (Lohmöller 1989, §2.3; Tenenhaus et al. 2005, §3.3). Coefficients and
  // R² from R's summary(lm(Fertility ~ ., swiss)), fixture regression_swiss_reference.json.
  const swiss = readNumericCsv('swiss.csv')
  const lm = readJsonFixture('regression_swiss_reference.json')
  const predictors = ['Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality']
  const formative: PlsModel = {
    constructs: { Social: predictors, Fertility: ['Fertility'] },
    paths: [{ from: 'Social', to: 'Fertility' }],
    modes: { Social: 'B' },
  }
  const sd = (values: readonly number[]) => {
    const m = values.reduce((a, b) => a + b, 0) / values.length
    return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1))
  }

  it('gives the R² and standardized coefficients of R’s lm on swiss', () => {
    const result = estimatePlsModel(formative, swiss, { withoutIndices: true })
    expect(result.rSquared.Fertility).toBeCloseTo(lm.r_squared, 4)
    // The block is oriented so most loadings are positive: here that makes the path negative
    // (Agriculture, Examination and Education go against Fertility), so compare up to its sign.
    const sign = Math.sign(result.paths[0]!.coefficient)
    expect(sign * result.paths[0]!.coefficient).toBeCloseTo(Math.sqrt(lm.r_squared), 4)
    const sy = sd(swiss.Fertility!)
    for (const name of predictors) {
      const w = result.outerWeights.find((o) => o.indicator === name)!.value
      const beta = (lm.coefficients[name].estimate * sd(swiss[name]!)) / sy
      // R prints the coefficients to 5 significant digits.
      expect(sign * w).toBeCloseTo(beta / Math.sqrt(lm.r_squared), 3)
    }
    // Mode A on the same block gives a smaller R² (correlation weights are not the OLS weights).
    const reflective = estimatePlsModel({ ...formative, modes: {} }, swiss, {
      withoutIndices: true,
    })
    expect(reflective.rSquared.Fertility!).toBeLessThan(lm.r_squared - 0.05)
  })

  it('refuses an unknown mode, a mode for an unknown construct, and mode B with PLSc', () => {
    expect(() => estimatePlsModel({ ...formative, modes: { Social: 'C' as 'A' } }, swiss)).toThrow(
      /mode "C"/,
    )
    expect(() => estimatePlsModel({ ...formative, modes: { Other: 'B' } }, swiss)).toThrow(
      /construct "Other"/,
    )
    expect(() => estimatePlsModel(formative, swiss, { consistent: true })).toThrow(/mode B/)
  })
})

describe('bootstrap of every estimate', () => {
  const result = estimatePlsModel(model, mobi, { bootstrap: { samples: 200, seed: 3 } })
  const estimates = result.bootstrap!.estimates!

  it('covers paths, outer weights, loadings, indirect and total effects and R²', () => {
    const kinds = (kind: string) => estimates.filter((e) => e.kind === kind)
    expect(kinds('path')).toHaveLength(result.paths.length)
    expect(kinds('weight')).toHaveLength(24)
    expect(kinds('loading')).toHaveLength(24)
    expect(kinds('rSquared').map((e) => e.name)).toEqual(Object.keys(result.rSquared))
    expect(kinds('total')).toHaveLength(result.totalEffects.length)
    // Image → Loyalty: direct, and indirect through Expectation, Satisfaction and Complaints.
    const indirect = estimates.find((e) => e.kind === 'indirect' && e.name === 'Image → Loyalty')!
    const effect = result.totalEffects.find((e) => e.from === 'Image' && e.to === 'Loyalty')!
    expect(indirect.estimate).toBe(effect.indirect)
    expect(indirect.estimate).toBeGreaterThan(0.05)
    for (const e of estimates) {
      if (e.percentile95 === null) continue
      expect(e.percentile95[0]).toBeLessThanOrEqual(e.percentile95[1])
      if (e.bca95) expect(e.bca95[0]).toBeLessThanOrEqual(e.bca95[1])
    }
  })

  it('the path entries carry the same SE, percentile and BCa intervals as the estimates list', () => {
    for (const p of result.paths) {
      const e = estimates.find((x) => x.kind === 'path' && x.name === `${p.from} → ${p.to}`)!
      expect(p.se).toBe(e.se)
      expect(p.ci95).toEqual(e.percentile95)
      expect(p.bca95).toEqual(e.bca95)
    }
    // R² of Satisfaction (plspm: 0.681 on mobi) is far from 0: both intervals stay well above it.
    const r2 = estimates.find((e) => e.kind === 'rSquared' && e.name === 'Satisfaction')!
    expect(r2.estimate).toBeCloseTo(reference.path_weighting.r_squared.Satisfaction, 8)
    expect(r2.percentile95![0]).toBeGreaterThan(0.5)
    expect(r2.bca95![0]).toBeGreaterThan(0.5)
    expect(r2.bca95![0]).toBeLessThan(r2.estimate)
    expect(r2.bca95![1]).toBeGreaterThan(r2.estimate)
  })

  it('resamples respondents with their weights', () => {
    const weights = Array.from({ length: n }, (_, i) => 1 + (i % 3))
    const small: PlsModel = {
      constructs: { Quality: ['PERQ1', 'PERQ2', 'PERQ3'], Satisfaction: ['CUSA1', 'CUSA2'] },
      paths: [{ from: 'Quality', to: 'Satisfaction' }],
    }
    const a = estimatePlsModel(small, mobi, { weights, bootstrap: { samples: 30, seed: 5 } })
    const b = estimatePlsModel(small, mobi, { weights, bootstrap: { samples: 30, seed: 5 } })
    expect(a.bootstrap!.estimates).toEqual(b.bootstrap!.estimates)
    expect(a.bootstrap!.used).toBe(30)
    const unweighted = estimatePlsModel(small, mobi, { bootstrap: { samples: 30, seed: 5 } })
    expect(a.paths[0]!.ci95).not.toEqual(unweighted.paths[0]!.ci95)
  })
})
