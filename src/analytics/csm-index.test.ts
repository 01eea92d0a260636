import { describe, expect, it } from 'vitest'
import { computeCsm, importanceWeights, postUseIndex, valueBalanceIndex } from './csm-index.js'

describe('computeCsm (7-level scale, −60 … +60)', () => {
  it('CSM = Σx/n, its 0–100 form and the satisfaction ratio', () => {
    // 2 很满意, 3 满意, 1 较满意, 2 一般, 1 不满意, 1 很不满意
    const scores = [60, 60, 40, 40, 40, 20, 0, 0, -40, -60]
    const result = computeCsm(scores)
    expect(result.csm).toBe(16)
    expect(result.csm100).toBeCloseTo((76 / 120) * 100, 12)
    expect(result.satisfactionRatio).toBe(0.6)
    expect(result.distribution).toEqual([1, 1, 0, 2, 1, 3, 2])
    expect(computeCsm(scores, [40, 60]).satisfactionRatio).toBe(0.5)
    expect(computeCsm([])).toMatchObject({ n: 0, csm: null })
  })
})

describe('importance weights V_i = Σ_j K_j R_ij', () => {
  it('weights two indicators from their importance distributions', () => {
    // K = 5 很重要 … 1 不重要; indicator A: half 5, half 4 → 4.5; B: all 3 → 3
    const { raw, normalized } = importanceWeights(
      [5, 4, 3, 2, 1],
      [
        [5, 5, 0, 0, 0],
        [0, 0, 8, 0, 0],
      ],
    )
    expect(raw).toEqual([4.5, 3])
    expect(normalized).toEqual([0.6, 0.4])
  })
})

describe('ratio indices', () => {
  it('value balance and post-use', () => {
    expect(valueBalanceIndex(110, 100)).toBeCloseTo(1.1, 12)
    expect(postUseIndex(8, 10)).toBe(0.8)
    expect(valueBalanceIndex(1, 0)).toBeNull()
  })
})
