import { describe, expect, it } from 'vitest'
import { computeServqualGaps, SERVQUAL_22_DIMENSIONS } from './servqual-gap.js'
import { readJsonFixture, readNumericCsv } from './__fixtures__/read-fixture.js'

// Reference: synthetic SERVQUAL, 6 respondents scored with the formulas of Zeithaml et al. 1990 (docs/methods.md#sources).
const reference = readJsonFixture('servqual_reference.json')
const toRows = (columns: Record<string, number[]>) =>
  columns.respondent!.map((_, r) =>
    Object.fromEntries(
      Object.entries(columns)
        .filter(([k]) => k !== 'respondent')
        .map(([k, v]) => [k, v[r]!]),
    ),
  )
const expectations = toRows(readNumericCsv('servqual_synthetic_expectations.csv'))
const perceptions = toRows(readNumericCsv('servqual_synthetic_perceptions.csv'))

describe('computeServqualGaps', () => {
  const result = computeServqualGaps({
    itemDimension: SERVQUAL_22_DIMENSIONS,
    expectations,
    perceptions,
    weights: reference.weights_100_point,
  })

  it('uses the 1991 dimension mapping', () => {
    expect(SERVQUAL_22_DIMENSIONS).toEqual(reference.item_dimension)
  })

  it('item and dimension gaps, unweighted and weighted scores', () => {
    for (const item of result.items)
      expect(Math.abs(item.gap - reference.item_gap_P_minus_E[item.item])).toBeLessThan(1e-12)
    for (const d of result.dimensions)
      expect(Math.abs(d.gap - reference.dimension_gap[d.dimension])).toBeLessThan(1e-12)
    expect(Math.abs(result.unweighted - reference.unweighted_servqual)).toBeLessThan(1e-12)
    expect(Math.abs(result.meanItemGap - reference.mean_of_22_item_gaps)).toBeLessThan(1e-12)
    expect(result.unweighted).not.toBeCloseTo(result.meanItemGap, 3)
    expect(Math.abs(result.weighted! - reference.weighted_servqual)).toBeLessThan(1e-12)
    result.perRespondentWeighted!.forEach((v, i) =>
      expect(Math.abs(v - reference.per_respondent_weighted_servqual[i])).toBeLessThan(1e-12),
    )
  })

  it('reverse-scores negatively worded (1988) items', () => {
    const reversed = computeServqualGaps({
      itemDimension: { Q10: 'responsiveness' },
      expectations: [{ Q10: 2 }],
      perceptions: [{ Q10: 6 }],
      reversedItems: ['Q10'],
    })
    // 2 → 6 and 6 → 2 on a 1–7 scale: the gap changes sign.
    expect(reversed.items[0]).toMatchObject({ expectation: 6, perception: 2, gap: -4 })
  })
})
