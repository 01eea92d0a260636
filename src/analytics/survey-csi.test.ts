import { describe, expect, it } from 'vitest'
import { relativeWeights } from './key-drivers.js'
import { correlationMatrix } from './matrix.js'
import { csiFigures, surveyCsi } from './survey-csi.js'

describe('surveyCsi', () => {
  it('weighs items equally without importance or outcome, over respondents who answered every item', () => {
    const csi = surveyCsi([
      { key: 'a', values: [100, 50, 0, 75, null] },
      { key: 'b', values: [50, 50, 100, 0, 80] },
    ])!
    // Respondents 1–4: (100+50)/2, (50+50)/2, (0+100)/2, (75+0)/2 → mean 53.125; four: no interval.
    expect(csi).toMatchObject({ weighting: 'given', n: 4, ci95: null, lowConfidence: true })
    expect(csi.score).toBeCloseTo(53.125, 12)
    expect(csi.items).toEqual([
      { key: 'a', weight: 0.5, score: 56.25 },
      { key: 'b', weight: 0.5, score: 50 },
    ])
  })

  it('weighs by stated importance when every item has an importance rating', () => {
    const csi = surveyCsi([
      { key: 'a', values: [100, 50, 0, 75, null], importance: [5, 4, null, 5, 3] },
      { key: 'b', values: [50, 50, 100, 0, 80], importance: [2, 2, 3, 3, null] },
    ])!
    // Mean importance 17/4 and 10/4: weights 17/27 and 10/27; CSI = (17·56.25 + 10·50)/27.
    expect(csi.weighting).toBe('importance')
    expect(csi.items.map((i) => i.weight)).toEqual([17 / 27, 10 / 27])
    expect(csi.score).toBeCloseTo(53.935185185, 8)
    expect(csi.possible).toEqual(['importance', 'given'])
    // The reader may choose equal weights instead; driver weights these answers do not allow.
    const items = [
      { key: 'a', values: [100, 50, 0, 75, null], importance: [5, 4, null, 5, 3] },
      { key: 'b', values: [50, 50, 100, 0, 80], importance: [2, 2, 3, 3, null] },
    ]
    expect(surveyCsi(items, undefined, 'given')).toMatchObject({
      weighting: 'given',
      score: 53.125,
    })
    expect(surveyCsi(items, undefined, 'drivers')!.weighting).toBe('importance')
    // Given weights 3:1 → (3·56.25 + 50)/4.
    const given = surveyCsi(
      [
        { ...items[0]!, weight: 3 },
        { ...items[1]!, weight: 1 },
      ],
      undefined,
      'given',
    )!
    expect(given.items.map((i) => i.weight)).toEqual([0.75, 0.25])
    expect(given.score).toBeCloseTo((3 * 56.25 + 50) / 4, 12)
  })

  it('gives a t interval from five respondents, within 0–100', () => {
    const figures = csiFigures(
      [
        { key: 'a', values: [100, 50, 0, 75, 25, 100] },
        { key: 'b', values: [50, 50, 100, 0, 75, 100] },
      ],
      [0.5, 0.5],
      [0, 1, 2, 3, 4, 5],
    )
    // Scores 75, 50, 50, 37.5, 50, 100: mean 60.4167, s = 22.9356, t(0.975, 5) = 2.570582.
    expect(figures.n).toBe(6)
    expect(figures.score).toBeCloseTo(60.416667, 5)
    expect(figures.ci95![0]).toBeCloseTo(36.347232, 5)
    expect(figures.ci95![1]).toBeCloseTo(84.486101, 5)
  })

  it('derives weights from the outcome (relative weights) with enough complete answers', () => {
    const n = 40
    const a = Array.from({ length: n }, (_, i) => (i * 37) % 101)
    const b = Array.from({ length: n }, (_, i) => (i * 53 + 11) % 97)
    const outcome = a.map((x, i) => 0.8 * x + 0.2 * b[i]! + ((i * 7) % 5))
    const csi = surveyCsi(
      [
        { key: 'a', values: a },
        { key: 'b', values: b },
      ],
      outcome,
    )!
    const reference = relativeWeights(correlationMatrix([outcome, a, b]), ['a', 'b'])
    const total = reference.drivers.reduce((s, d) => s + d.weight, 0)
    expect(csi.weighting).toBe('drivers')
    expect(csi.items[0]!.weight).toBeCloseTo(reference.drivers[0]!.weight / total, 12)
    expect(csi.items[0]!.weight).toBeGreaterThan(0.8)
    // Too few complete answers for drivers: equal weights.
    expect(
      surveyCsi(
        [
          { key: 'a', values: a.slice(0, 20) },
          { key: 'b', values: b.slice(0, 20) },
        ],
        outcome.slice(0, 20),
      )!.weighting,
    ).toBe('given')
  })

  it('leaves out an item nobody answered, and needs two items and a complete answer', () => {
    const csi = surveyCsi([
      { key: 'a', values: [100, 0] },
      { key: 'unasked', values: [null, null] },
      { key: 'b', values: [50, 50] },
    ])!
    expect(csi.items.map((i) => i.key)).toEqual(['a', 'b'])
    expect(csi.score).toBe(50)
    expect(surveyCsi([{ key: 'a', values: [50] }])).toBeNull()
    expect(
      surveyCsi([
        { key: 'a', values: [50, null] },
        { key: 'b', values: [null, 50] },
      ]),
    ).toBeNull()
  })
})
