import { emImpute } from '../analytics/em-imputation.js'
import { meanImpute } from '../analytics/weighted-scores.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/tabular.service.js'
import { completeNumericColumns, numericColumn } from '../tabular/tabular.service.js'
import { type AnalyzeOptions, choiceOption } from './analysis-options.js'
import { completeRows } from './respondent-weights.js'

/**
 * Blank answers in the multi-column methods (drivers, IPA, PLS), handled as --impute says and
 * always reported in `missingData`: listwise deletion (none, the default: rows with a blank in any
 * column analysed are left out), pairwise deletion (each correlation from the rows answering
 * both; only where a method reads nothing but correlations, analytics/pairwise-correlation.ts),
 * mean imputation (a blank takes its column's mean over the kept rows) or EM imputation (its
 * conditional expectation at the multivariate-normal ML estimates, analytics/em-imputation.ts).
 * With imputation, rows without the required columns (the outcome) are still left out.
 */

export type MissingHandling = 'none' | 'pairwise' | 'mean' | 'em'

export interface MissingDataReport {
  handling: 'listwise' | 'pairwise' | 'mean' | 'em'
  /** Rows analysed (pairwise: rows with any answer; see minPairs). */
  rowsUsed: number
  rowsDropped: number
  /** Imputation: cells filled per column. */
  imputedCells?: Record<string, number>
  /** Pairwise: the fewest rows behind any correlation. */
  minPairs?: number
}

export function missingHandling<T extends MissingHandling>(
  options: AnalyzeOptions,
  allowed: readonly T[],
): T {
  return choiceOption(options, 'impute', allowed, 'none' as T)
}

/** Complete rows of `names` (listwise) and the report. */
export function listwiseColumns(table: Table, names: readonly string[]) {
  const { columns, n, dropped } = completeNumericColumns(table, names)
  const report: MissingDataReport = { handling: 'listwise', rowsUsed: n, rowsDropped: dropped }
  return { columns, n, dropped, rows: completeRows(table, names), report }
}

/**
 * Mean or EM imputation of `names`: rows without every `required` column are left out (counted),
 * then each blank of the others is filled. Returns the filled columns and the kept rows (0-based).
 */
export function imputedColumns(
  table: Table,
  names: readonly string[],
  how: 'mean' | 'em',
  required: readonly string[] = [],
): {
  columns: Record<string, number[]>
  n: number
  dropped: number
  rows: number[]
  report: MissingDataReport
} {
  const raw = names.map((name) => numericColumn(table, name))
  const needed = required.map((name) => raw[names.indexOf(name)]!)
  // A row with nothing answered says nothing about any column: it is left out as well.
  const rows = table.rows.flatMap((_, r) =>
    needed.every((c) => c[r] !== null) && raw.some((c) => c[r] !== null) ? [r] : [],
  )
  if (rows.length < 2)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `Imputation needs at least 2 rows with answers, got ${rows.length}.`,
      [{ path: 'input', reason: `${rows.length} rows`, allowed: '2 or more' }],
    )
  const imputedCells = Object.fromEntries(
    names.map((name, j) => [name, rows.filter((r) => raw[j]![r] === null).length]),
  )
  const columns: Record<string, number[]> = {}
  if (how === 'em') {
    const { filled } = emImpute(rows.map((r) => raw.map((c) => c[r] ?? null)))
    names.forEach((name, j) => {
      columns[name] = filled.map((row) => row[j]!)
    })
  } else
    names.forEach((name, j) => {
      const { values, mean } = meanImpute(rows.map((r) => raw[j]![r] ?? null))
      if (mean === null)
        throw new ValidationError('NOT_ENOUGH_DATA', `"${name}" has no answer to impute from.`, [
          { path: name, reason: 'no answers', allowed: 'one or more' },
        ])
      columns[name] = values
    })
  const dropped = table.rows.length - rows.length
  return {
    columns,
    n: rows.length,
    dropped,
    rows,
    report: { handling: how, rowsUsed: rows.length, rowsDropped: dropped, imputedCells },
  }
}
