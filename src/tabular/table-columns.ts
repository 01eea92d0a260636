import { ValidationError } from '../shared/errors.js'
import type { Table } from './read-table.js'

function columnIndex(table: Table, name: string): number {
  const index = table.headers.indexOf(name)
  if (index < 0) {
    throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no column "${name}".`, [
      {
        path: `${table.file}:${name}`,
        reason: 'no such column',
        allowed: table.headers.join(', '),
      },
    ])
  }
  return index
}

/**
 * A column as numbers; empty cells are null (a skipped answer). Anything else
 * that is not a number is an error naming the file, row and column.
 */
export function numericColumn(table: Table, name: string): Array<number | null> {
  const index = columnIndex(table, name)
  return table.rows.map((row, r) => {
    const cell = row[index] ?? ''
    if (cell === '' || cell.toUpperCase() === 'NA') return null
    const value = Number(cell)
    if (!Number.isFinite(value)) {
      throw new ValidationError(
        'NOT_A_NUMBER',
        `${table.file} row ${r + 2}, column "${name}": "${cell}" is not a number.`,
        [{ path: `${table.file}:${r + 2}:${name}`, reason: `"${cell}" is not a number` }],
      )
    }
    return value
  })
}

export function textColumn(table: Table, name: string): string[] {
  const index = columnIndex(table, name)
  return table.rows.map((row) => row[index] ?? '')
}

/** Several numeric columns, keeping only rows where every one has a value (listwise deletion). */
export function completeNumericColumns(
  table: Table,
  names: readonly string[],
): { columns: Record<string, number[]>; n: number; dropped: number } {
  const raw = names.map((name) => numericColumn(table, name))
  const keep = table.rows.map((_, r) => raw.every((column) => column[r] !== null))
  const columns = Object.fromEntries(
    names.map((name, k) => [name, raw[k]!.filter((_, r) => keep[r]) as number[]]),
  )
  const n = keep.filter(Boolean).length
  return { columns, n, dropped: table.rows.length - n }
}

/** Values of a column must fall within a range; names the first offender. */
export function checkRange(
  table: Table,
  name: string,
  values: ReadonlyArray<number | null>,
  min: number,
  max: number,
  integer = true,
): void {
  values.forEach((v, r) => {
    if (v === null) return
    if (v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new ValidationError(
        'VALUE_OUT_OF_RANGE',
        `${table.file} row ${r + 2}, column "${name}": ${v} is outside ${min}–${max}.`,
        [
          {
            path: `${table.file}:${r + 2}:${name}`,
            reason: `${v} is out of range`,
            allowed: `${integer ? 'whole numbers ' : ''}${min}–${max}`,
          },
        ],
      )
    }
  })
}

/** A date-time cell: ISO 8601, or "YYYY-MM-DD HH:mm" as spreadsheets write it; null when it is neither. */
export function parseCellTime(cell: string): number | null {
  const value = Date.parse(cell.includes('T') || cell.length <= 10 ? cell : cell.replace(' ', 'T'))
  return Number.isNaN(value) ? null : value
}
