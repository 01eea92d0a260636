import { describe, expect, it } from 'vitest'
import { rocAuc } from './auc.js'

// Reference: Hanley & McNeil (1982), Radiology 143, Table 1: CT ratings of 109 patients (58 normal,
// 51 abnormal) on a 5-point scale; area 0.893 with SE 0.032 (docs/methods.md#auc).
const normal = [33, 6, 6, 11, 2].flatMap((count, k) => Array<number>(count).fill(k + 1))
const abnormal = [3, 2, 2, 11, 33].flatMap((count, k) => Array<number>(count).fill(k + 1))
const scores = [...abnormal, ...normal]
const labels = [...abnormal.map(() => 1 as const), ...normal.map(() => 0 as const)]

describe('rocAuc', () => {
  it('Hanley & McNeil’s CT example: A = 0.893, SE 0.032', () => {
    const r = rocAuc(scores, labels)
    expect(r.auc).toBeCloseTo(0.893171, 6)
    expect(r.hanleyMcNeil.se).toBeCloseTo(0.0325, 4)
    // DeLong's SE from the structural components, checked against their O(mn) definition
    // computed with NumPy: 0.0307244.
    expect(r.delong.se).toBeCloseTo(0.0307244, 6)
    expect(r.delong.ci[0]).toBeCloseTo(0.893171 - 1.959964 * 0.0307244, 5)
    expect(r.positives).toBe(51)
    expect(r.negatives).toBe(58)
  })

  it('is 1 for perfect separation and ½ for a constant score, the interval inside [0, 1]', () => {
    const perfect = rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])
    expect(perfect.auc).toBe(1)
    expect(perfect.delong.ci[1]).toBe(1)
    expect(rocAuc([1, 1, 1, 1], [1, 0, 1, 0]).auc).toBe(0.5)
  })

  it('refuses fewer than two of an outcome and unpaired input', () => {
    expect(() => rocAuc([1, 2, 3], [1, 0, 0])).toThrow(
      expect.objectContaining({ code: 'NO_VARIANCE' }),
    )
    expect(() => rocAuc([1, 2], [1, 0, 0])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    )
  })
})
