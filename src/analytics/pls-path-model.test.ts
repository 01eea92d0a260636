import { describe, expect, it } from 'vitest'
import { estimatePlsModel, type InnerScheme, type PlsModel } from './pls-path-model.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'

// Reference: plspm 0.5.1 (checked against semPLS, seminr and SmartPLS 2.0) on the ECSI mobile-phone data mobi (docs/methods.md#sources).
const reference = readJsonFixture('ecsi_mobi_pls_reference.json')
const mobi = readNumericCsv('ecsi_mobi.csv')
const blocks = reference.model.blocks as Record<string, string | string[]>
const model: PlsModel = {
  constructs: Object.fromEntries(
    Object.entries(blocks).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
  ),
  paths: (reference.model.paths as string[][]).map(([from, to]) => ({ from: from!, to: to! })),
}
const SCHEMES: Array<[InnerScheme, string, string]> = [
  ['centroid', 'centroid', 'ecsi_mobi_scores_centroid.csv'],
  ['factorial', 'factorial', 'ecsi_mobi_scores_factorial.csv'],
  ['path', 'path_weighting', 'ecsi_mobi_scores_path.csv'],
]

describe.each(SCHEMES)('ECSI model, %s scheme', (scheme, key, scoresFile) => {
  const expected = reference[key]
  const result = estimatePlsModel(model, mobi, { scheme })

  it('outer weights, loadings and path coefficients within 1e-9', () => {
    expect(result.converged).toBe(true)
    for (const w of result.outerWeights)
      expect(Math.abs(w.value - expected.outer_weights[w.indicator])).toBeLessThan(1e-9)
    for (const l of result.loadings)
      expect(Math.abs(l.value - expected.outer_loadings[l.indicator])).toBeLessThan(1e-9)
    for (const p of expected.path_coefficients) {
      const found = result.paths.find((q) => q.from === p.from && q.to === p.to)!
      expect(Math.abs(found.coefficient - p.value)).toBeLessThan(1e-9)
    }
  })

  it('R², total effects, reliability and GoF within 1e-9', () => {
    for (const [lv, r2] of Object.entries(expected.r_squared))
      expect(Math.abs(result.rSquared[lv]! - (r2 as number))).toBeLessThan(1e-9)
    for (const t of expected.total_effects) {
      const [from, to] = t.relationship.split(' -> ')
      const found = result.totalEffects.find((e) => e.from === from && e.to === to)
      expect(Math.abs((found?.total ?? 0) - t.total)).toBeLessThan(1e-9)
      expect(Math.abs((found?.indirect ?? 0) - t.indirect)).toBeLessThan(1e-9)
    }
    // biome-ignore lint/suspicious/noExplicitAny: reference JSON read from a fixture file, shape checked by the assertions.
    for (const [lv, rel] of Object.entries(expected.reliability) as Array<[string, any]>) {
      expect(Math.abs(result.reliability[lv]!.ave - rel.AVE)).toBeLessThan(1e-9)
      expect(
        Math.abs(result.reliability[lv]!.compositeReliability - rel.composite_reliability_rhoC),
      ).toBeLessThan(1e-9)
      if (rel.n_items > 1)
        expect(
          Math.abs(result.reliability[lv]!.standardizedAlpha! - rel.cronbach_alpha_standardized),
        ).toBeLessThan(1e-9)
    }
    expect(Math.abs(result.gof! - expected.gof)).toBeLessThan(1e-9)
  })

  it('0–100 indices (Fornell) and scores', () => {
    // biome-ignore lint/suspicious/noExplicitAny: reference JSON read from a fixture file, shape checked by the assertions.
    for (const [lv, index] of Object.entries(expected.indices) as Array<[string, any]>) {
      expect(Math.abs(result.indices[lv]! - index.index_0to100_fornell)).toBeLessThan(1e-9)
    }
    const scores = readNumericCsv(scoresFile)
    for (const lv of Object.keys(model.constructs)) {
      result.scores[lv]!.forEach((v, i) => expect(Math.abs(v - scores[lv]![i]!)).toBeLessThan(1e-8))
    }
  })
})

describe('estimatePlsModel', () => {
  it('the Fornell Satisfaction index under the centroid scheme is 72.5428023004918', () => {
    expect(estimatePlsModel(model, mobi, { scheme: 'centroid' }).indices.Satisfaction).toBeCloseTo(
      72.5428023004918,
      9,
    )
  })

  it('rescaling an indicator changes neither weights nor paths', () => {
    const shifted = { ...mobi, CUSA1: mobi.CUSA1!.map((v) => 3 * v + 7) }
    const a = estimatePlsModel(model, mobi)
    const b = estimatePlsModel(model, shifted)
    a.paths.forEach((p, i) => expect(b.paths[i]!.coefficient).toBeCloseTo(p.coefficient, 12))
  })

  it('names an unknown column or construct', () => {
    expect(() =>
      estimatePlsModel(
        { constructs: { A: ['NOPE'], B: ['CUSA1'] }, paths: [{ from: 'A', to: 'B' }] },
        mobi,
      ),
    ).toThrow(/NOPE/)
    expect(() =>
      estimatePlsModel(
        { constructs: { A: ['CUSA1'], C: ['CUSA2'] }, paths: [{ from: 'A', to: 'B' }] },
        mobi,
      ),
    ).toThrow(/construct "B"/)
  })

  it('refuses a block whose indicators cancel out instead of answering NaN', () => {
    // An item and its exact reverse (8 − x on a 1–7 scale) sum to a constant: with the iteration's
    // equal starting weights the construct has no variance, and every figure was NaN with exit 0.
    const reversed = { ...mobi, CUSA2: mobi.CUSA1!.map((v) => 11 - v) }
    const twoItems: PlsModel = {
      constructs: { Image: ['IMAG1', 'IMAG2'], Satisfaction: ['CUSA1', 'CUSA2'] },
      paths: [{ from: 'Image', to: 'Satisfaction' }],
    }
    expect(() => estimatePlsModel(twoItems, reversed)).toThrow(
      expect.objectContaining({
        code: 'MODEL_INVALID',
        message: expect.stringMatching(/"Satisfaction".*reverse-score/),
      }),
    )
  })

  it('bootstrap intervals bracket the estimates and repeat with the same seed', () => {
    const a = estimatePlsModel(model, mobi, { scheme: 'path', bootstrap: { samples: 50, seed: 7 } })
    const b = estimatePlsModel(model, mobi, { scheme: 'path', bootstrap: { samples: 50, seed: 7 } })
    for (const p of a.paths) {
      expect(p.ci95![0]).toBeLessThan(p.coefficient)
      expect(p.ci95![1]).toBeGreaterThan(p.coefficient)
    }
    expect(a.paths.map((p) => p.ci95)).toEqual(b.paths.map((p) => p.ci95))
    expect(a.bootstrap).toMatchObject({ samples: 50, used: 50 })
    for (const p of a.paths) {
      // SE: the spread of the resampled coefficients, a little under a quarter of the 95% width.
      expect(p.se!).toBeGreaterThan(0)
      expect(p.se!).toBeGreaterThan((p.ci95![1] - p.ci95![0]) / 6)
      expect(p.se!).toBeLessThan((p.ci95![1] - p.ci95![0]) / 2)
      expect(p.t).toBeCloseTo(p.coefficient / p.se!, 12)
      expect(p.pValue!).toBeGreaterThanOrEqual(0)
      expect(p.pValue!).toBeLessThanOrEqual(1)
    }
    // Quality → Satisfaction is strong on mobi: far from 0.
    expect(a.paths[0]!.pValue!).toBeLessThan(1e-6)
  })
})
