import { type AnalysisFilter, filterNumber } from './analysis.schema.js'
import { ValidationError } from '../shared/errors.js'
import { recognizeLayout, type Table } from '../tabular/tabular.service.js'

/** A submission time's calendar date as exports write it: 2026-11-03 …, 2026/11/3 …. */
const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/

function dateOfCell(cell: string): string | null {
  const m = DATE.exec(cell.trim())
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null
}

function columnIndex(table: Table, column: string, path: string): number {
  const index = table.headers.indexOf(column)
  if (index < 0)
    throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no column "${column}".`, [
      { path, reason: `no column "${column}"`, allowed: table.headers.join(', ') },
    ])
  return index
}

/** Manyi's own export heads it `提交时间（UTC+8）` / `Submitted at (UTC+8)`; plain tables by name. */
const SUBMITTED_HEADER =
  /^(提交时间|Submitted at)\s*[（(]|^(submitted_?at|submitted|date|日期|提交时间)$/i

/** The submission-time column: as the other tools' layouts name it (foreign-export.ts), or Manyi's. */
function submittedColumn(table: Table): string | undefined {
  return (
    recognizeLayout(table.headers, []).columns.find((c) => c.role === 'submittedAt')?.header ??
    table.headers.find((h) => SUBMITTED_HEADER.test(h.trim()))
  )
}

/** A filter's test of one (trimmed) cell; the values were checked by AnalysisFilterSchema. */
function cellTest(filter: AnalysisFilter): (cell: string) => boolean {
  const values = filter.values.map((v) => v.trim())
  const [first = Number.NaN, second = Number.NaN] = values.map((v) => filterNumber(v) ?? Number.NaN)
  const numeric = (keep: (n: number) => boolean) => (cell: string) => {
    const n = filterNumber(cell)
    return n !== null && keep(n)
  }
  switch (filter.operator) {
    case 'in':
      return (cell) => values.includes(cell)
    case 'notIn':
      return (cell) => !values.includes(cell)
    case 'contains': {
      const parts = values.map((v) => v.toLowerCase()).filter((v) => v !== '')
      return (cell) => parts.some((part) => cell.toLowerCase().includes(part))
    }
    case 'gte':
      return numeric((n) => n >= first)
    case 'lte':
      return numeric((n) => n <= first)
    case 'between':
      return numeric((n) => n >= first && n <= second)
    case 'empty':
      return (cell) => cell === ''
    case 'notEmpty':
      return (cell) => cell !== ''
  }
}

/**
 * The rows an analysis reads: those meeting every filter's condition (cellTest), and,
 * with a period, those submitted within it (dates as written in the table's submission-time
 * column, which Manyi's export writes on the organisation's calendar). A period on a table
 * without a submission-time column is refused rather than ignored.
 */
export function selectRows(
  table: Table,
  filters: readonly AnalysisFilter[],
  period: { from: string; to: string } | null,
): Table {
  const tests = filters.map((filter, i) => {
    const index = columnIndex(table, filter.column, `filters[${i}].column`)
    const test = cellTest(filter)
    return (row: readonly string[]) => test((row[index] ?? '').trim())
  })
  if (period) {
    const header = submittedColumn(table)
    if (header === undefined)
      throw new ValidationError(
        'COLUMN_NOT_FOUND',
        `${table.file} has no submission-time column to choose the period's rows by.`,
        [{ path: 'period', reason: 'no submission-time column' }],
      )
    const index = table.headers.indexOf(header)
    tests.push((row) => {
      const date = dateOfCell(row[index] ?? '')
      return date !== null && date >= period.from && date <= period.to
    })
  }
  if (tests.length === 0) return table
  return { ...table, rows: table.rows.filter((row) => tests.every((test) => test(row))) }
}
