import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyzeReliability, feldtInterval } from './cronbach-alpha.js'
import { fQuantile } from './distributions.js'
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

  it('Feldt interval: F quantiles as the F tables print them, the interval around α', () => {
    // Upper F points (NIST/SEMATECH e-Handbook 1.3.6.7.3, docs/methods.md#sources).
    expect(fQuantile(0.95, 5, 10).toFixed(3)).toBe('3.326')
    expect(fQuantile(0.975, 10, 20).toFixed(3)).toBe('2.774')
    expect(fQuantile(0.99, 4, 12).toFixed(3)).toBe('5.412')
    const quality = reference.Quality.items as string[]
    const result = analyzeReliability(
      quality,
      quality.map((i) => mobi[i]!),
    )
    const [lo, hi] = result.ci95!
    const n = result.n
    expect(lo).toBeCloseTo(1 - (1 - result.alpha) * fQuantile(0.975, n - 1, (n - 1) * 6), 12)
    expect(hi).toBeCloseTo(1 - (1 - result.alpha) * fQuantile(0.025, n - 1, (n - 1) * 6), 12)
    expect(lo).toBeLessThan(result.alpha)
    expect(hi).toBeGreaterThan(result.alpha)
    expect(hi).toBeLessThan(1)
    expect(feldtInterval(1, 50, 3)).toBeNull()
    expect(result.negativelyCorrelated).toEqual([])
  })

  it('names an item worded the other way', () => {
    const quality = (reference.Quality.items as string[]).slice(0, 3)
    const columns = quality.map((i) => mobi[i]!)
    const flipped = [columns[0]!, columns[1]!, columns[2]!.map((v) => 11 - v)]
    expect(analyzeReliability(quality, flipped).negativelyCorrelated).toEqual([quality[2]])
  })
})

describe('analyzeReliability with respondent weights', () => {
  const block = reference.Image
  const columns = block.items.map((item: string) => mobi[item]!) as number[][]

  it('gives psych::alpha’s figures when every weight is 1, with n_eff the row count', () => {
    const weighted = analyzeReliability(block.items, columns, Array(columns[0]!.length).fill(1))
    const plain = analyzeReliability(block.items, columns)
    expect(weighted.alpha).toBeCloseTo(block.raw_alpha_psych, 10)
    expect(weighted.alpha).toBeCloseTo(plain.alpha, 12)
    expect(weighted.standardizedAlpha).toBeCloseTo(plain.standardizedAlpha!, 12)
    expect(weighted.effectiveN).toBe(plain.n)
    expect(weighted.ci95![0]).toBeCloseTo(plain.ci95![0], 12)
    weighted.items.forEach((item, i) => {
      expect(item.itemTotalCorrelation).toBeCloseTo(plain.items[i]!.itemTotalCorrelation, 12)
      expect(item.alphaIfDeleted).toBeCloseTo(plain.items[i]!.alphaIfDeleted!, 12)
    })
  })

  it('refuses a negative weight and a weight list of the wrong length', () => {
    const weights = Array(columns[0]!.length).fill(1)
    weights[3] = -1
    expect(() => analyzeReliability(block.items, columns, weights)).toThrow(/weights\[3\]|≥ 0/)
    expect(() => analyzeReliability(block.items, columns, [1, 1])).toThrow(/2 weights for/)
  })
})

describe('items that cancel out', () => {
  it('refuses a rest score that never varies instead of a NaN item–total correlation', () => {
    // b equals a and c is their reverse (11 − a): for a and for b, the other two add up to 11 in
    // every row. The item–total correlations were NaN with α printed beside them.
    const a = [1, 1, 2]
    expect(() => analyzeReliability(['a', 'b', 'c'], [a, [...a], a.map((v) => 11 - v)])).toThrow(
      expect.objectContaining({
        code: 'NO_VARIANCE',
        message: expect.stringMatching(/other than "a".*reverse-score/),
      }),
    )
  })

  it('refuses items whose total never varies instead of an infinite α', () => {
    const a = [1, 2, 4, 5]
    expect(() => analyzeReliability(['a', 'r'], [a, a.map((v) => 6 - v)])).toThrow(
      expect.objectContaining({
        code: 'NO_VARIANCE',
        message: expect.stringMatching(/^The items add up/),
      }),
    )
  })
})
