import { describe, expect, it } from 'vitest'
import { cascadeTargetValues } from './target-cascade.js'

const NPS: [number, number] = [-100, 100]

function weightedMean(values: number[], weights: number[]): number {
  const w = weights.reduce((s, x) => s + x, 0)
  return values.reduce((s, v, i) => s + v * weights[i]!, 0) / w
}

describe('cascadeTargetValues', () => {
  it('same: each child gets the parent’s value', () => {
    expect(
      cascadeTargetValues(
        42,
        [
          { baseline: 10, weight: 5 },
          { baseline: null, weight: 0 },
        ],
        NPS,
        'same',
      ),
    ).toEqual([42, 42])
  })

  it('weighted: children keep their spread and their volume-weighted mean is the parent’s', () => {
    // Baselines 30, 40, 60 with volumes 100, 300, 100: weighted mean 42; parent target 45 → δ = 3.
    const children = [
      { baseline: 30, weight: 100 },
      { baseline: 40, weight: 300 },
      { baseline: 60, weight: 100 },
    ]
    const targets = cascadeTargetValues(45, children, NPS, 'weighted')
    expect(targets[0]).toBeCloseTo(33, 10)
    expect(targets[1]).toBeCloseTo(43, 10)
    expect(targets[2]).toBeCloseTo(63, 10)
    expect(weightedMean(targets, [100, 300, 100])).toBeCloseTo(45, 10)
  })

  it('weighted: clips at the range and still meets the parent’s value', () => {
    // CSAT share: a child at 98% cannot go above 100.
    const children = [
      { baseline: 98, weight: 50 },
      { baseline: 70, weight: 50 },
    ]
    const targets = cascadeTargetValues(90, children, [0, 100], 'weighted')
    expect(targets[0]).toBe(100)
    expect(targets[1]).toBeCloseTo(80, 9)
    expect(weightedMean(targets, [50, 50])).toBeCloseTo(90, 9)
  })

  it('a child without a baseline gets the parent’s value; no volume anywhere means equal weights', () => {
    const targets = cascadeTargetValues(
      50,
      [
        { baseline: 40, weight: 10 },
        { baseline: null, weight: 10 },
      ],
      NPS,
      'weighted',
    )
    // The unknown child starts from the known baseline 40, so both move by 10.
    expect(targets[0]).toBeCloseTo(50, 9)
    expect(targets[1]).toBeCloseTo(50, 9)
    expect(weightedMean(targets, [10, 10])).toBeCloseTo(50, 9)
    const even = cascadeTargetValues(
      5,
      [
        { baseline: 4, weight: 0 },
        { baseline: 6, weight: 0 },
      ],
      [1, 7],
      'weighted',
    )
    expect(even[0]).toBeCloseTo(4, 9)
    expect(even[1]).toBeCloseTo(6, 9)
  })

  it('refuses a parent value outside the range and negative volumes', () => {
    expect(() => cascadeTargetValues(120, [], NPS, 'same')).toThrow(/outside/)
    expect(() => cascadeTargetValues(10, [{ baseline: 1, weight: -1 }], NPS, 'weighted')).toThrow(
      /volume/,
    )
  })
})
