import { describe, expect, it } from 'vitest'
import { correlation } from './matrix.js'
import { pairwiseCorrelationMatrix } from './pairwise-correlation.js'

// Pairwise deletion as R's cor(use = "pairwise.complete.obs"): each correlation is Pearson's r
// over the rows answering both columns (Little & Rubin 2019, §3.4).

describe('pairwise correlation matrix', () => {
  it('reads each pair from the rows answering both, and counts them', () => {
    const x = [1, 2, 3, 4, null, 6]
    const y = [2, 4, 5, 4, 5, null]
    const z = [null, 1, 2, 2, 3, 5]
    const { r, pairs, minPairs } = pairwiseCorrelationMatrix([x, y, z], ['x', 'y', 'z'])
    expect(r[0]![1]).toBeCloseTo(correlation([1, 2, 3, 4], [2, 4, 5, 4]), 14)
    expect(r[0]![2]).toBeCloseTo(correlation([2, 3, 4, 6], [1, 2, 2, 5]), 14)
    expect(r[1]![2]).toBeCloseTo(correlation([4, 5, 4, 5], [1, 2, 2, 3]), 14)
    // x with y: rows 1–4 → 1, 2, 3, 4 against 2, 4, 5, 4: Sxy = 3.5, Sxx = 5, Syy = 4.75.
    expect(r[0]![1]).toBeCloseTo(3.5 / Math.sqrt(5 * 4.75), 14)
    expect(pairs).toEqual([
      [5, 4, 4],
      [4, 5, 4],
      [4, 4, 5],
    ])
    expect(minPairs).toBe(4)
  })

  it('refuses a matrix no complete data could give (indefinite)', () => {
    // a and b agree on rows 1–3, b and c on rows 4–6, a and c disagree on rows 7–9:
    // r_ab = r_bc = 1 and r_ac = −1, which no data set can have at once.
    const _ = null
    const a = [1, 2, 3, _, _, _, 1, 2, 3]
    const b = [1, 2, 3, 1, 2, 3, _, _, _]
    const c = [_, _, _, 1, 2, 3, 3, 2, 1]
    expect(() => pairwiseCorrelationMatrix([a, b, c], ['a', 'b', 'c'])).toThrow(
      expect.objectContaining({ code: 'SINGULAR_MATRIX' }),
    )
  })

  it('refuses a pair answered together in too few rows, and a pair constant over its rows', () => {
    expect(() =>
      pairwiseCorrelationMatrix(
        [
          [1, 2, 3, null, null],
          [null, null, 3, 4, 5],
        ],
        ['a', 'b'],
      ),
    ).toThrow(/both answered in 1 rows/)
    expect(() =>
      pairwiseCorrelationMatrix(
        [
          [1, 2, 3, 4],
          [5, 5, 5, 5],
        ],
        ['a', 'b'],
      ),
    ).toThrow(expect.objectContaining({ code: 'NO_VARIANCE' }))
  })
})
