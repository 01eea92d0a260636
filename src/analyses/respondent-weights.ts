import { valueOutOfRange } from '../analytics/input-checks.js'
import { type RakingResult, rakeWeights } from '../analytics/raking.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/tabular.service.js'
import { completeNumericColumns, numericColumn, textColumn } from '../tabular/tabular.service.js'
import { type AnalyzeOptions, optionInvalid } from './analysis-options.js'

/**
 * Respondent weights for any method that takes them: a weight column (`--weight COL`, design or
 * post-stratification weights, numbers ≥ 0), raking to known shares (`--rake '{"COL": {"category":
 * share, …}, …}'`, iterative proportional fitting, analytics/raking.ts), or both (the column's
 * weights raked). Weights are made over all the rows analysed (after any filter), then each method
 * uses those of the rows it reads; a blank weight on such a row is refused with its row.
 */

export interface WeightReport {
  /** The weight column, when one was given. */
  column?: string
  /** Raking: the margins before and after, cycles, Kish's n_eff of the raked weights. */
  raking?: Omit<RakingResult, 'weights'>
}

export interface RowWeights {
  /** One weight per table row (null: blank weight cell). */
  byRow: Array<number | null>
  report: WeightReport
}

const RAKE_FORMAT = '{"COLUMN": {"category": share, …}, …} (shares or counts ≥ 0)'

function rakeSpec(raw: AnalyzeOptions['rake']): Record<string, Record<string, number>> {
  let spec: unknown = raw
  if (typeof raw === 'string')
    try {
      spec = JSON.parse(raw)
    } catch {
      throw optionInvalid('--rake', '--rake is not readable JSON.', RAKE_FORMAT)
    }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!isObject(spec) || Object.keys(spec).length === 0)
    throw optionInvalid('--rake', '--rake names no column to rake by.', RAKE_FORMAT)
  for (const [column, targets] of Object.entries(spec))
    if (!isObject(targets) || Object.values(targets).some((v) => typeof v !== 'number'))
      throw optionInvalid(
        '--rake',
        `--rake "${column}" must map each category to a number.`,
        RAKE_FORMAT,
      )
  return spec as Record<string, Record<string, number>>
}

/** The rows' weights, or null when the caller gave neither --weight nor --rake. */
export function respondentWeights(table: Table, options: AnalyzeOptions): RowWeights | null {
  if (!options.weight && !options.rake) return null
  const column = options.weight || undefined
  const given = column ? numericColumn(table, column) : null
  given?.forEach((w, r) => {
    if (w !== null && !(Number.isFinite(w) && w >= 0))
      throw valueOutOfRange(
        `${table.file}:${r + 2}:${column}`,
        `${table.file} row ${r + 2}, column "${column}": weight ${w} is not a number ≥ 0.`,
        'numbers ≥ 0',
      )
  })
  if (!options.rake) return { byRow: given!, report: { column } }
  const spec = rakeSpec(options.rake)
  if (table.rows.length === 0)
    throw new ValidationError('NOT_ENOUGH_DATA', 'There are no rows to rake.', [
      { path: 'input', reason: 'no rows', allowed: 'one or more' },
    ])
  const margins = Object.entries(spec).map(([name, targets]) => {
    const categories = textColumn(table, name).map((c) => c.trim())
    const blank = categories.indexOf('')
    if (blank >= 0)
      throw valueOutOfRange(
        `${table.file}:${blank + 2}:${name}`,
        `${table.file} row ${blank + 2}: "${name}" is blank, so the row cannot be raked by it.`,
        Object.keys(targets).join(', '),
      )
    return { name, categories, targets }
  })
  const missing = given?.indexOf(null) ?? -1
  if (missing >= 0)
    throw valueOutOfRange(
      `${table.file}:${missing + 2}:${column}`,
      `${table.file} row ${missing + 2}, column "${column}": the base weight to rake is blank.`,
      'numbers ≥ 0',
    )
  const { weights, ...raking } = rakeWeights(margins, {
    baseWeights: given ? (given as number[]) : undefined,
  })
  return { byRow: weights, report: { ...(column ? { column } : {}), raking } }
}

/** The weights of the given rows (0-based table rows); a blank one is refused with its row. */
export function weightsOfRows(
  table: Table,
  weights: RowWeights,
  rows: readonly number[],
): number[] {
  return rows.map((r) => {
    const w = weights.byRow[r]
    if (w === null || w === undefined)
      throw valueOutOfRange(
        `${table.file}:${r + 2}:${weights.report.column}`,
        `${table.file} row ${r + 2}, column "${weights.report.column}": weight (blank) is not a number ≥ 0.`,
        'numbers ≥ 0',
      )
    return w
  })
}

const ROW = '\u0000row'

/**
 * The 0-based rows with a number in every named column, in order: the rows
 * completeNumericColumns keeps, so their weights line up with its columns.
 */
export function completeRows(table: Table, names: readonly string[]): number[] {
  const indexed: Table = {
    file: table.file,
    headers: [...table.headers, ROW],
    rows: table.rows.map((row, i) => {
      const copy = table.headers.map((_, k) => row[k] ?? '')
      copy.push(String(i))
      return copy
    }),
  }
  return completeNumericColumns(indexed, [...names, ROW]).columns[ROW]!
}

/** Weights of the complete rows of `names` (see completeRows), or undefined without weights. */
export function completeRowWeights(
  table: Table,
  options: AnalyzeOptions,
  names: readonly string[],
): { weights: number[]; report: WeightReport } | undefined {
  const resolved = respondentWeights(table, options)
  if (!resolved) return undefined
  return {
    weights: weightsOfRows(table, resolved, completeRows(table, names)),
    report: resolved.report,
  }
}

/**
 * Methods whose rows are not respondents (SPC: one row a period or subgroup; Kano from counts:
 * one row an attribute) have nothing for a respondent weight to weigh: --weight or --rake is
 * refused there with the reason, never silently ignored.
 */
export function refuseRespondentWeights(
  options: AnalyzeOptions,
  method: string,
  why: string,
): void {
  const flag = options.weight ? '--weight' : options.rake ? '--rake' : undefined
  if (flag)
    throw optionInvalid(
      flag,
      `${method} does not take respondent weights: ${why}`,
      `no ${flag} for ${method}`,
    )
}
