import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyzeReliability } from './cronbach-alpha.js'
import { readNumericCsv } from './__fixtures__/read-fixture.js'

// Reference: psych 2.2.9 alpha() on the ECSI mobile-phone data mobi (docs/methods.md#sources).
const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/reliability_alpha_reference.json', import.meta.url), 'utf8'),
)
const mobi = readNumericCsv('ecsi_mobi.csv')

describe('analyzeReliability against psych::alpha', () => {
  it.each(['Image', 'Expectation', 'Quality', 'Value', 'Satisfaction', 'Loyalty'])(
    '%s block',
    (block) => {
      const expected = reference[block]
      const result = analyzeReliability(
        expected.items,
        expected.items.map((item: string) => mobi[item]!),
      )
      expect(Math.abs(result.alpha - expected.raw_alpha_psych)).toBeLessThan(1e-9)
      expect(Math.abs(result.standardizedAlpha! - expected.std_alpha_psych)).toBeLessThan(1e-9)
      for (const item of result.items) {
        expect(
          Math.abs(item.itemTotalCorrelation - expected.corrected_item_total_r[item.item]),
        ).toBeLessThan(1e-9)
        if (expected.items.length > 2)
          expect(
            Math.abs(item.alphaIfDeleted! - expected.alpha_if_item_deleted_raw[item.item]),
          ).toBeLessThan(1e-9)
        else expect(item.alphaIfDeleted).toBeNull()
      }
    },
  )

  it('flags CUSL2, the price-tolerance item, as weak in the Loyalty block', () => {
    const items = reference.Loyalty.items as string[]
    const result = analyzeReliability(
      items,
      items.map((i) => mobi[i]!),
    )
    expect(result.items.filter((i) => i.isWeak).map((i) => i.item)).toEqual(['CUSL2'])
  })
})
