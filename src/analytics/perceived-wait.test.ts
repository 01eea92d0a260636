import { describe, expect, it } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import { minutesOfBandLabel, summarisePerceivedWaits } from './perceived-wait.js'

describe('summarisePerceivedWaits', () => {
  // Worked by hand: gaps d = 3, 2, 8, −4, 0; d̄ = 9/5 = 1.8; Σ(d − d̄)² = 1.44 + 0.04 + 38.44 +
  // 33.64 + 3.24 = 76.8, s_d = √(76.8/4) = 4.381780; t(0.975, 4) = 2.776445 (tables);
  // half-width = 2.776445 · 4.381780 / √5 = 5.440700. Ranks perceived 1,3,5,2,4 and actual
  // 1,2,5,3,4: Σd² = 2, ρ = 1 − 6·2/(5·24) = 0.9 (no ties, so the shortcut holds).
  const pairs = [
    { perceived: 5, actual: 2 },
    { perceived: 10, actual: 8 },
    { perceived: 30, actual: 22 },
    { perceived: 8, actual: 12 },
    { perceived: 15, actual: 15 },
  ]

  it('gives the means, the paired-t interval, the median gap, the share and Spearman', () => {
    const s = summarisePerceivedWaits(pairs)
    expect(s.n).toBe(5)
    expect(s.meanActual).toBeCloseTo(11.8, 10)
    expect(s.meanPerceived).toBeCloseTo(13.6, 10)
    expect(s.meanGap).toBeCloseTo(1.8, 10)
    expect(s.gapInterval[0]).toBeCloseTo(1.8 - 5.4407, 3)
    expect(s.gapInterval[1]).toBeCloseTo(1.8 + 5.4407, 3)
    expect(s.medianGap).toBe(2)
    expect(s.overestimateShare).toBe(0.6)
    expect(s.spearman).toBeCloseTo(0.9, 10)
  })

  it('splits the gap by actual-wait band (lower bound inclusive)', () => {
    expect(summarisePerceivedWaits(pairs).bands).toEqual([
      { from: 0, to: 5, n: 1, meanActual: 2, meanPerceived: 5, meanGap: 3 },
      { from: 5, to: 10, n: 1, meanActual: 8, meanPerceived: 10, meanGap: 2 },
      { from: 10, to: 20, n: 2, meanActual: 13.5, meanPerceived: 11.5, meanGap: -2 },
      { from: 20, to: null, n: 1, meanActual: 22, meanPerceived: 30, meanGap: 8 },
    ])
    const edge = summarisePerceivedWaits([
      { perceived: 6, actual: 5 },
      { perceived: 25, actual: 20 },
    ]).bands
    expect(edge.map((b) => b.n)).toEqual([0, 1, 0, 1])
    expect(edge[0]).toEqual({
      from: 0,
      to: 5,
      n: 0,
      meanActual: null,
      meanPerceived: null,
      meanGap: null,
    })
  })

  it('uses mid-ranks for tied answers', () => {
    // Ranks perceived 1.5, 1.5, 3 and actual 1, 2, 3: Σxy = 1.5, Σx² = 1.5, Σy² = 2 (centred),
    // ρ = 1.5/√3 = 0.866025.
    const s = summarisePerceivedWaits([
      { perceived: 5, actual: 1 },
      { perceived: 5, actual: 2 },
      { perceived: 10, actual: 3 },
    ])
    expect(s.spearman).toBeCloseTo(0.866025, 6)
    expect(s.medianGap).toBe(4) // gaps 4, 3, 7
  })

  it('has no correlation when one side is constant, and a zero-width interval for equal gaps', () => {
    const s = summarisePerceivedWaits([
      { perceived: 10, actual: 4 },
      { perceived: 10, actual: 6 },
    ])
    expect(s.spearman).toBeNull()
    const same = summarisePerceivedWaits([
      { perceived: 7, actual: 5 },
      { perceived: 12, actual: 10 },
    ])
    expect(same.gapInterval).toEqual([2, 2])
    expect(same.overestimateShare).toBe(1)
  })

  it('refuses negative or non-finite minutes and fewer than two pairs', () => {
    const refused = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e instanceof ValidationError ? [e.code, e.details[0]?.path] : e
      }
      return 'accepted'
    }
    expect(
      refused(() =>
        summarisePerceivedWaits([
          { perceived: 5, actual: 2 },
          { perceived: -1, actual: 2 },
        ]),
      ),
    ).toEqual(['VALUE_OUT_OF_RANGE', 'pairs.1.perceived'])
    expect(
      refused(() =>
        summarisePerceivedWaits([
          { perceived: 5, actual: Number.NaN },
          { perceived: 1, actual: 2 },
        ]),
      ),
    ).toEqual(['VALUE_OUT_OF_RANGE', 'pairs.0.actual'])
    expect(refused(() => summarisePerceivedWaits([{ perceived: 5, actual: 2 }]))).toEqual([
      'NOT_ENOUGH_DATA',
      'pairs',
    ])
    expect(refused(() => summarisePerceivedWaits([]))).toEqual(['NOT_ENOUGH_DATA', 'pairs'])
  })
})

describe('minutesOfBandLabel', () => {
  it('reads band labels as their midpoints, the open band as 20 + 5', () => {
    expect(minutesOfBandLabel('<5 分钟')).toBe(2.5)
    expect(minutesOfBandLabel('5–10 分钟')).toBe(7.5)
    expect(minutesOfBandLabel('10-20 min')).toBe(15)
    expect(minutesOfBandLabel('>20 分钟')).toBe(25)
    expect(minutesOfBandLabel('20 分钟以上')).toBe(25)
    expect(minutesOfBandLabel('Over 20 minutes')).toBe(25)
    expect(minutesOfBandLabel('5 分钟以内')).toBe(2.5)
    expect(minutesOfBandLabel('15 分钟')).toBe(15)
    expect(minutesOfBandLabel('记不清')).toBeNull()
  })
})
