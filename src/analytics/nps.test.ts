import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classifyNpsScore, compareNps, computeNps, countNpsScores, type NpsCounts } from './nps.js'

// Reference: R package NPS 1.1 (Rocks) on NPS::testdata (docs/methods.md#sources).
const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/nps_reference.json', import.meta.url), 'utf8'),
)
const csv = readFileSync(new URL('./__fixtures__/nps_testdata_counts.csv', import.meta.url), 'utf8')

function countsByGroup(): Record<string, NpsCounts> {
  const [header, ...rows] = csv
    .trim()
    .split('\n')
    .map((line) => line.replaceAll('"', '').split(','))
  const groups: Record<string, NpsCounts> = {}
  header!.slice(1).forEach((name, column) => {
    const scores: number[] = []
    for (const row of rows)
      for (let k = 0; k < Number(row[column + 1]); k++) scores.push(Number(row[0]))
    groups[name] = countNpsScores(scores)
  })
  return groups
}

const groups = countsByGroup()
const cases: Array<[string, string]> = [
  ['all', 'overall'],
  ['Apples', 'group_Apples'],
  ['Oranges', 'group_Oranges'],
  ['Bananas', 'group_Bananas'],
  ['Berries', 'group_Berries'],
]

describe('computeNps against NPS 1.1 (Rocks 2016)', () => {
  it.each(cases)(
    '%s: counts, NPS, variance, SE, Wald and adjusted-Wald intervals',
    (group, key) => {
      const expected = reference[key]
      const result = computeNps(groups[group]!)
      expect(result.n).toBe(expected.n)
      expect(result.promoters).toBe(expected.promoters)
      expect(result.passives).toBe(expected.passives)
      expect(result.detractors).toBe(expected.detractors)
      expect(result.nps! / 100).toBeCloseTo(expected.nps, 12)
      expect(Math.abs(result.variance! - expected.variance_per_respondent)).toBeLessThan(1e-9)
      expect(Math.abs(result.se! / 100 - expected.se)).toBeLessThan(1e-9)
      expect(Math.abs(result.wald95![0] / 100 - expected.wald_95.lower)).toBeLessThan(1e-9)
      expect(Math.abs(result.wald95![1] / 100 - expected.wald_95.upper)).toBeLessThan(1e-9)
      expect(
        Math.abs(result.ci95![0] / 100 - expected.adjusted_wald_95_rocks2016.lower),
      ).toBeLessThan(1e-9)
      expect(
        Math.abs(result.ci95![1] / 100 - expected.adjusted_wald_95_rocks2016.upper),
      ).toBeLessThan(1e-9)
    },
  )

  it('flags n < 30 as low confidence and returns nulls, not NaN, for n = 0', () => {
    expect(computeNps({ promoters: 10, passives: 5, detractors: 5 }).lowConfidence).toBe(true)
    expect(computeNps(groups.all!).lowConfidence).toBe(false)
    const empty = computeNps({ promoters: 0, passives: 0, detractors: 0 })
    expect(empty).toMatchObject({ n: 0, nps: null, se: null, ci95: null })
  })

  it('all promoters: NPS 100, Wald collapses, adjusted Wald does not', () => {
    const result = computeNps({ promoters: 40, passives: 0, detractors: 0 })
    expect(result.nps).toBe(100)
    expect(result.se).toBe(0)
    expect(result.wald95).toEqual([100, 100])
    expect(result.ci95![0]).toBeLessThan(100)
  })
})

describe('compareNps against NPS 1.1 nps.test', () => {
  // biome-ignore lint/suspicious/noExplicitAny: reference JSON read from a fixture file, shape checked by the assertions.
  const pairs: Array<[string, string, any]> = reference.two_sample.map(
    (t: { x: string; y: string }) => [t.x, t.y, t],
  )
  it.each(pairs)('%s vs %s', (x, y, expected) => {
    const result = compareNps(groups[x]!, groups[y]!)!
    expect(Math.abs(Math.abs(result.difference) / 100 - expected.abs_difference)).toBeLessThan(
      1e-12,
    )
    expect(Math.abs(result.se / 100 - expected.se_difference)).toBeLessThan(1e-9)
    expect(Math.abs(Math.abs(result.z) - expected.z)).toBeLessThan(1e-9)
    expect(Math.abs(result.pValue - expected.p_value_two_sided)).toBeLessThan(1e-9)
  })
})

describe('classifyNpsScore', () => {
  it('counts 9–10 as promoters and 0–6 as detractors (Reichheld 2003)', () => {
    expect(countNpsScores([10, 9, 8, 7, 6, 0, null])).toEqual({
      promoters: 2,
      passives: 2,
      detractors: 2,
    })
  })
  it('rejects scores outside 0–10 and non-integers', () => {
    expect(() => classifyNpsScore(11)).toThrow(RangeError)
    expect(() => classifyNpsScore(-1)).toThrow(RangeError)
    expect(() => classifyNpsScore(7.5)).toThrow(RangeError)
  })
})
