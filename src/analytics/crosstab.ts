import { ValidationError } from '../shared/errors.js'
import { upperIncompleteGamma } from './distributions.js'
import { valueOutOfRange } from './input-checks.js'

/**
 * Cross-tabulation (交叉分析) of two categorical answers: counts, row, column and total
 * percentages, Pearson's χ² test of independence with its df and p, Cramér's V, and Haberman's
 * adjusted residuals, which mark the cells that depart from independence (|r| > 1.96 at 5%).
 * As R's chisq.test(correct = FALSE) and its `stdres` (Agresti 2007, An Introduction to
 * Categorical Data Analysis, 2nd ed., §2.4.5; Haberman 1973, Biometrics 29, 205–220).
 *
 * With respondent weights the table holds sums of weights, rescaled so that they sum to the
 * number of answers (the weights' mean is 1), and the test is run on that table, as SPSS's
 * CROSSTABS does under WEIGHT BY: the weighting moves the shares without inflating n.
 */

export interface CrosstabCell {
  count: number
  rowPercent: number
  columnPercent: number
  totalPercent: number
  expected: number
  /** (O − E)/√(E(1 − rowTotal/n)(1 − colTotal/n)); null where it is undefined (a margin of n). */
  adjustedResidual: number | null
  /** |adjusted residual| > 1.96: the cell departs from independence at the 5% level. */
  significant: boolean
}

export interface CrosstabResult {
  rows: string[]
  columns: string[]
  /** cells[i][j]: row category i, column category j. */
  cells: CrosstabCell[][]
  rowTotals: number[]
  columnTotals: number[]
  /** Sum of the table (the number of pairs, or of weights rescaled to it). */
  n: number
  /** Pairs with both answers given (unweighted). */
  pairs: number
  weighted: boolean
  /** Pearson χ² test of independence; null when a margin has a single category. */
  chiSquare: { statistic: number; df: number; pValue: number } | null
  /** √(χ²/(n·(min(r, c) − 1))), 0–1. */
  cramersV: number | null
  /** Cells with an expected count below 5 (the χ² approximation is rough when they are many). */
  cellsExpectedBelow5: number
}

const Z95 = 1.959963984540054

/**
 * Cross-tabulate paired answers (row value, column value); null or '' is a skipped answer and the
 * pair is left out. `weights`, when given, is one weight ≥ 0 per pair.
 */
export function crossTabulate(
  rowValues: ReadonlyArray<string | null>,
  columnValues: ReadonlyArray<string | null>,
  options: {
    weights?: ReadonlyArray<number | null>
    rowOrder?: readonly string[]
    columnOrder?: readonly string[]
  } = {},
): CrosstabResult {
  if (rowValues.length !== columnValues.length)
    throw new ValidationError(
      'VALIDATION_FAILED',
      'The two answers need one value per respondent.',
      [{ path: 'columns', reason: `${rowValues.length} and ${columnValues.length} values` }],
    )
  const weights = options.weights
  const kept: Array<{ row: string; column: string; weight: number }> = []
  rowValues.forEach((row, i) => {
    const column = columnValues[i]
    const weight = weights ? weights[i] : 1
    if (
      row === null ||
      row === '' ||
      column === null ||
      column === undefined ||
      column === '' ||
      weight === null
    )
      return
    if (!(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0))
      throw valueOutOfRange(
        `weights[${i}]`,
        `Weight ${weight} of row ${i + 1} is not a number ≥ 0.`,
        '≥ 0',
      )
    kept.push({ row, column, weight: weight! })
  })
  const pairs = kept.length
  const totalWeight = kept.reduce((s, k) => s + k.weight, 0)
  if (pairs === 0 || !(totalWeight > 0))
    throw new ValidationError('NOT_ENOUGH_DATA', 'No respondent answered both questions.', [
      { path: 'input', reason: 'no complete pairs', allowed: 'one or more' },
    ])
  const order = (values: string[], given?: readonly string[]) => {
    const seen = [...new Set(values)]
    if (!given) return seen.sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }))
    return [...given.filter((g) => seen.includes(g)), ...seen.filter((s) => !given.includes(s))]
  }
  const rows = order(
    kept.map((k) => k.row),
    options.rowOrder,
  )
  const columns = order(
    kept.map((k) => k.column),
    options.columnOrder,
  )
  const scale = pairs / totalWeight
  const counts = rows.map(() => columns.map(() => 0))
  for (const k of kept) counts[rows.indexOf(k.row)]![columns.indexOf(k.column)]! += k.weight * scale
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0))
  const columnTotals = columns.map((_, j) => counts.reduce((s, r) => s + r[j]!, 0))
  const n = rowTotals.reduce((a, b) => a + b, 0)
  let statistic = 0
  let cellsExpectedBelow5 = 0
  const cells = counts.map((r, i) =>
    r.map((count, j) => {
      const expected = (rowTotals[i]! * columnTotals[j]!) / n
      if (expected < 5) cellsExpectedBelow5++
      if (expected > 0) statistic += (count - expected) ** 2 / expected
      const spread = expected * (1 - rowTotals[i]! / n) * (1 - columnTotals[j]! / n)
      const adjustedResidual = spread > 0 ? (count - expected) / Math.sqrt(spread) : null
      return {
        count,
        rowPercent: rowTotals[i]! > 0 ? (100 * count) / rowTotals[i]! : 0,
        columnPercent: columnTotals[j]! > 0 ? (100 * count) / columnTotals[j]! : 0,
        totalPercent: (100 * count) / n,
        expected,
        adjustedResidual,
        significant: adjustedResidual !== null && Math.abs(adjustedResidual) > Z95,
      }
    }),
  )
  const df = (rows.length - 1) * (columns.length - 1)
  const chiSquare =
    df > 0 ? { statistic, df, pValue: upperIncompleteGamma(df / 2, statistic / 2) } : null
  const smaller = Math.min(rows.length, columns.length) - 1
  return {
    rows,
    columns,
    cells,
    rowTotals,
    columnTotals,
    n,
    pairs,
    weighted: weights !== undefined,
    chiSquare,
    cramersV: chiSquare ? Math.min(1, Math.sqrt(statistic / (n * smaller))) : null,
    cellsExpectedBelow5,
  }
}
