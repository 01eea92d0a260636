import { expect, it } from 'vitest'
import { analyzeImportancePerformance, deriveImportance } from './importance-performance.js'
import { mean } from './matrix.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'

// Reference: __fixtures__/ipa_reference.json, IPA on mobi: PERQ1..7 against CUSA1 (docs/methods.md#sources).
const reference = readJsonFixture('ipa_reference.json')
const mobi = readNumericCsv('ecsi_mobi.csv')
const items = ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7']
const attributesOf = (importance: Record<string, number>) =>
  items.map((name) => ({ name, performance: mean(mobi[name]!), importance: importance[name]! }))

it('derives importance as r, β and LMG share', () => {
  const columns = Object.fromEntries(items.map((n) => [n, mobi[n]!]))
  for (const [method, key] of [
    ['correlation', 'importance_pearson_r'],
    ['beta', 'importance_std_beta'],
    ['shapley', 'importance_lmg'],
  ] as const) {
    const derived = deriveImportance(mobi.CUSA1!, columns, method)
    for (const n of items) expect(Math.abs(derived[n]! - reference[key][n])).toBeLessThan(1e-10)
  }
})

it('data-centred crosshair and quadrants', () => {
  const result = analyzeImportancePerformance(attributesOf(reference.importance_pearson_r))
  expect(result.crosshair.performance).toBeCloseTo(reference.crosshair_data_centred.performance, 12)
  expect(result.crosshair.importance).toBeCloseTo(reference.crosshair_data_centred.importance_r, 12)
  expect(result.crosshair.rule).toBe('data-centred')
  expect(Object.fromEntries(result.attributes.map((a) => [a.name, a.quadrant]))).toEqual(
    reference.quadrant_r_data_centred,
  )
})

it('scale-midpoint crosshair puts every item on the high-performance side', () => {
  const result = analyzeImportancePerformance(attributesOf(reference.importance_pearson_r), {
    performance: 5.5,
  })
  expect(Object.fromEntries(result.attributes.map((a) => [a.name, a.quadrant]))).toEqual(
    reference['quadrant_r_perf_midpoint5.5_importance_mean'],
  )
  expect(result.crosshair.rule).toBe('fixed')
})
