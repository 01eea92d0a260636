import { ValidationError } from '../shared/errors.js'
import { cellValue } from './cell-value.js'
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
  const { rows } = table
  const values: Array<number | null> = []
  for (let r = 0; r < rows.length; r++) {
    const cell = rows[r]![index] ?? ''
    const value = cellValue(cell)
    if (Number.isNaN(value)) {
      throw new ValidationError(
        'NOT_A_NUMBER',
        `${table.file} row ${r + 2}, column "${name}": "${cell}" is not a number.`,
        [{ path: `${table.file}:${r + 2}:${name}`, reason: `"${cell}" is not a number` }],
      )
    }
    values.push(value)
  }
  return values
}

export function textColumn(table: Table, name: string): string[] {
  const index = columnIndex(table, name)
  return table.rows.map((row) => row[index] ?? '')
}

/** The error for a cell that is not a number: the first one column by column, as always named. */
function notANumber(table: Table, names: readonly string[]): never {
  for (const name of names) numericColumn(table, name)
  throw new Error('notANumber called on numbers only')
}

/** Several numeric columns, keeping only rows where every one has a value (listwise deletion). */
export function completeNumericColumns(
  table: Table,
  names: readonly string[],
): { columns: Record<string, number[]>; n: number; dropped: number } {
  const indexes = names.map((name) => columnIndex(table, name))
  const read = table.numericColumns?.(indexes)
  if (read) {
    const n = read.values[0]?.length ?? read.rows
    return {
      columns: Object.fromEntries(names.map((name, k) => [name, read.values[k]!])),
      n,
      dropped: read.rows - n,
    }
  }
  const values: number[][] = names.map(() => [])
  let n = 0
  // Row by row, each row's cells read while they are at hand (a column at a time reads every row
  // once per column, most of the cost of a wide file); rows with an empty cell are left out.
  for (const row of table.rows) {
    let k = 0
    for (; k < indexes.length; k++) {
      const value = cellValue(row[indexes[k]!] ?? '')
      if (value === null) break
      if (Number.isNaN(value)) notANumber(table, names)
      values[k]!.push(value)
    }
    if (k === indexes.length) {
      n++
      continue
    }
    // An incomplete row: its values so far are taken back, and the rest is still checked.
    for (let j = 0; j < k; j++) values[j]!.pop()
    for (k++; k < indexes.length; k++)
      if (Number.isNaN(cellValue(row[indexes[k]!] ?? ''))) notANumber(table, names)
  }
  const columns = Object.fromEntries(names.map((name, k) => [name, values[k]!]))
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
  cell = isoOfForeignTime(cell.trim())
  const value = Date.parse(cell.includes('T') || cell.length <= 10 ? cell : cell.replace(' ', 'T'))
  return Number.isNaN(value) ? null : value
}

const pad = (n: string) => n.padStart(2, '0')

/**
 * Other tools' time cells as YYYY-MM-DD HH:mm:ss: 问卷星's 2026/5/3 10:12:40 and SurveyMonkey's
 * 05/03/2026 09:01:11 PM (month first); anything else unchanged.
 */
function isoOfForeignTime(cell: string): string {
  const ymd = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(cell)
  if (ymd) {
    const [, y, m, d, h, min, sec] = ymd
    return `${y}-${pad(m!)}-${pad(d!)}${h ? ` ${pad(h)}:${min}:${sec ?? '00'}` : ''}`
  }
  const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?(AM|PM)$/i.exec(cell)
  if (mdy) {
    const [, m, d, y, h, min, sec, half] = mdy
    const hour = (Number(h) % 12) + (half!.toUpperCase() === 'PM' ? 12 : 0)
    return `${y}-${pad(m!)}-${pad(d!)} ${pad(String(hour))}:${min}:${sec ?? '00'}`
  }
  return cell
}
