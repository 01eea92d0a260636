import { describe, expect, it } from 'vitest'
import { readJsonFixture } from './__fixtures__/read-fixture.js'
import { crossTabulate } from './crosstab.js'

const reference = readJsonFixture<{
  rows: string[]
  columns: string[]
  counts: number[][]
  chi_square: number
  chi_square_decimals: number
  df: number
  p_value: number
  p_value_significant_digits: number
  adjusted_residuals: number[][]
}>('crosstab_reference.json')

/** Respondent-level answers that tabulate to the given counts. */
function answers(rows: string[], columns: string[], counts: number[][]) {
  const r: string[] = []
  const c: string[] = []
  counts.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        r.push(rows[i]!)
        c.push(columns[j]!)
      }
    }),
  )
  return { r, c }
}

describe('cross-tabulation', () => {
  // R's chisq.test example (Agresti 2007), docs/methods.md#sources.
  const { r, c } = answers(reference.rows, reference.columns, reference.counts)
  const result = crossTabulate(r, c, { columnOrder: reference.columns })

  it('χ², df and p as R prints them', () => {
    expect(result.n).toBe(2757)
    expect(result.chiSquare!.statistic.toFixed(reference.chi_square_decimals)).toBe(
      reference.chi_square.toFixed(reference.chi_square_decimals),
    )
    expect(result.chiSquare!.df).toBe(reference.df)
    expect(result.chiSquare!.pValue.toPrecision(reference.p_value_significant_digits)).toBe(
      reference.p_value.toPrecision(reference.p_value_significant_digits),
    )
    expect(result.cramersV).toBeCloseTo(Math.sqrt(result.chiSquare!.statistic / 2757), 12)
  })

  it('adjusted residuals as Agresti tabulates them, marking the significant cells', () => {
    result.cells.forEach((row, i) =>
      row.forEach((cell, j) => {
        expect(cell.adjustedResidual!.toFixed(2)).toBe(
          reference.adjusted_residuals[i]![j]!.toFixed(2),
        )
        expect(cell.significant).toBe(Math.abs(reference.adjusted_residuals[i]![j]!) > 1.96)
      }),
    )
  })

  it('row, column and total percentages and the margins', () => {
    expect(result.rowTotals).toEqual([1557, 1200])
    expect(result.columnTotals).toEqual([1246, 566, 945])
    expect(result.cells[0]![0]!.rowPercent).toBeCloseTo((100 * 762) / 1557, 12)
    expect(result.cells[0]![0]!.columnPercent).toBeCloseTo((100 * 762) / 1246, 12)
    expect(result.cells[1]![2]!.totalPercent).toBeCloseTo((100 * 477) / 2757, 12)
    expect(result.cells[0]![0]!.expected).toBeCloseTo((1557 * 1246) / 2757, 12)
  })

  it('weights move the shares, not n; equal weights change nothing', () => {
    const doubled = crossTabulate(r, c, {
      columnOrder: reference.columns,
      weights: r.map(() => 2),
    })
    expect(doubled.n).toBeCloseTo(2757, 9)
    expect(doubled.chiSquare!.statistic).toBeCloseTo(result.chiSquare!.statistic, 9)
    // Two answers: (x, p) weighs 3 and (y, q) weighs 1 → 1.5 and 0.5 of n = 2.
    const small = crossTabulate(['x', 'y', 'x', 'y'], ['p', 'q', 'q', 'p'], {
      weights: [3, 1, 1, 3],
    })
    expect(small.cells.map((row) => row.map((cell) => cell.count))).toEqual([
      [1.5, 0.5],
      [1.5, 0.5],
    ])
    expect(small.chiSquare!.statistic).toBeCloseTo(0, 12)
  })

  it('skips pairs with a missing answer and refuses bad weights or no pairs', () => {
    const t = crossTabulate(['a', '', 'b', null, 'a'], ['x', 'y', 'y', 'x', null])
    expect(t.pairs).toBe(2)
    expect(t.chiSquare!.df).toBe(1)
    expect(() => crossTabulate(['a'], ['x'], { weights: [-1] })).toThrow(/not a number ≥ 0/)
    expect(() => crossTabulate(['', 'a'], ['x', ''])).toThrow(/No respondent/)
    // One category on a side: no test, no V.
    expect(crossTabulate(['a', 'a'], ['x', 'y']).chiSquare).toBeNull()
  })
})
