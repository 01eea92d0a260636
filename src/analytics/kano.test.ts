import { describe, expect, it } from 'vitest'
import {
  analyzeKanoCounts,
  analyzeKanoPairs,
  classifyKanoPair,
  KANO_ANSWERS,
  type KanoAnswer,
} from './kano.js'
import { readJsonFixture } from './__fixtures__/read-fixture.js'

// Reference: Berger et al. 1993 evaluation table; the stp25kano worked example (docs/methods.md#sources).
const reference = readJsonFixture('kano_reference.json')

describe('classifyKanoPair', () => {
  it('reproduces all 25 cells of the evaluation table', () => {
    for (const f of KANO_ANSWERS)
      for (const d of KANO_ANSWERS)
        expect(classifyKanoPair(f, d)).toBe(reference.evaluation_table[f][d])
  })
})

describe('analyzeKanoCounts against the stp25kano worked example', () => {
  const names = Object.keys(reference.stp25kano_example)
  it.each(names)('%s', (name) => {
    const { published, computed } = reference.stp25kano_example[name]
    const result = analyzeKanoCounts(name, {
      A: published.A,
      O: published.O,
      M: published.M,
      I: published.I,
      R: published.R,
      Q: published.Q,
    })
    expect(Math.abs(result.better! - published.pub_CS_plus)).toBeLessThan(5e-4)
    expect(Math.abs(result.worse! - published.pub_CS_minus)).toBeLessThan(5e-4)
    expect(Math.abs(result.better! - computed.better)).toBeLessThan(1e-12)
    expect(Math.abs(result.worse! - computed.worse)).toBeLessThan(1e-12)
    expect(Math.abs(result.chiSquare! - Number.parseFloat(published.pub_chi2))).toBeLessThan(0.005)
    expect(`${Math.round(result.totalStrength! * 100)}%`).toBe(published.pub_total_strength)
    expect(`${Math.round(result.categoryStrength! * 100)}%`).toBe(published.pub_category_strength)
    expect(result.fong!.isSignificant).toBe(published.pub_fong.endsWith('sig.'))
    expect(Math.abs(result.fong!.threshold - computed.fong_threshold)).toBeLessThan(1e-9)
    expect(result.modalCategory).toBe(published.pub_max_category)
    expect(result.category).toBe(published.pub_MOAI_rule)
  })
})

describe('analyzeKanoPairs', () => {
  it('counts categories and DuMouchel means on the synthetic pairs', () => {
    const example = reference.synthetic_pairs_example
    const pairs = example.pairs.map((p: { f: KanoAnswer; d: KanoAnswer }) => ({
      functional: p.f,
      dysfunctional: p.d,
    }))
    const result = analyzeKanoPairs('feature', pairs)
    expect(result.counts).toEqual(example.category_counts)
    expect(result.continuous!.functionalMean).toBeCloseTo(example.functional_mean, 12)
    expect(result.continuous!.dysfunctionalMean).toBeCloseTo(example.dysfunctional_mean, 12)
  })

  it('names an unknown answer and what is allowed', () => {
    expect(() =>
      analyzeKanoPairs('f', [{ functional: 'love' as KanoAnswer, dysfunctional: 'dislike' }]),
    ).toThrow(/unknown Kano answer|Unknown Kano answer/)
  })
})
