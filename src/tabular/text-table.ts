import { ValidationError } from '../shared/errors.js'
import { cellValue } from './cell-value.js'
import { type PlainSplit, raggedRecord, splitPlainLines } from './plain-csv.js'
import type { Table } from './table.js'
import { tooManyRows } from './table-parse.js'

/**
 * A plain CSV file (plain-csv.ts) kept as its text, for the command line: its structure is checked
 * when it is read (a header, every record as wide, the row limit), but its rows are split only when
 * something asks for them, and numeric columns are read straight from the text. An analysis of
 * numeric columns (PLS, drivers, alpha…) then never makes the 100,000 small arrays and millions of
 * strings that the garbage collector would copy and mark while it runs (bench/plspm.bench.ts).
 */

const LF = 0x0a
const COMMA = 0x2c

/** The characters String.prototype.trim removes (csv-parse trims the same). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d)
  if (c < 0xa0) return false
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

interface Structure {
  headers: string[]
  /** Where the first line after the header starts. */
  dataStart: number
  /** Data rows (blank lines are not rows). */
  rows: number
}

/** One pass over the text, as a parser would check it; throws what the streaming reader throws. */
function structureOf(file: string, text: string, maxRows: number): Structure {
  let width = -1
  let rows = 0
  let line = 0
  let commas = 0
  let blank = true
  let lineStart = 0
  let headers: string[] = []
  let dataStart = text.length
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : LF
    if (c === COMMA) commas++
    else if (c !== LF) {
      if (blank && !isSpace(c)) blank = false
    } else {
      if (i === text.length && lineStart === i) break
      line++
      // A line of white space alone is skipped; a comma makes it a record of empty cells.
      if (!blank || commas > 0) {
        if (width === -1) {
          width = commas + 1
          headers = text
            .slice(lineStart, i)
            .split(',')
            .map((h) => h.trim())
          dataStart = i + 1
        } else {
          if (commas + 1 !== width) throw raggedRecord(width, commas + 1, line)
          if (++rows > maxRows) throw tooManyRows(file, maxRows)
        }
      }
      commas = 0
      blank = true
      lineStart = i + 1
    }
  }
  if (width === -1)
    throw new ValidationError('FILE_UNREADABLE', `${file} is empty.`, [
      { path: file, reason: 'no header row' },
    ])
  return { headers, dataStart, rows }
}

/** The number in text[from, to) after trimming, as cellValue reads a trimmed cell. */
function fieldValue(text: string, from: number, to: number): number | null {
  while (from < to && isSpace(text.charCodeAt(from))) from++
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--
  if (to - from === 1) {
    const digit = text.charCodeAt(from) - 48
    if (digit >= 0 && digit <= 9) return digit
  }
  return cellValue(text.slice(from, to))
}

/**
 * The numbers of the columns at `indexes`, complete rows only; undefined when a cell is not a
 * number, so that the caller reads the rows and names that cell as it always does.
 */
function numericColumnsOf(
  text: string,
  structure: Structure,
  indexes: readonly number[],
): { values: number[][]; rows: number } | undefined {
  const width = structure.headers.length
  const slot = new Int32Array(width).fill(-1)
  for (const [k, index] of indexes.entries()) {
    if (slot[index] !== -1) return undefined
    slot[index] = k
  }
  const values: number[][] = indexes.map(() => [])
  let complete = 0
  let field = 0
  let whole = true
  let start = structure.dataStart
  let lineStart = start
  for (let i = start; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : LF
    if (c !== COMMA && c !== LF) continue
    const k = slot[field]!
    if (k >= 0) {
      const value = fieldValue(text, start, i)
      if (value === null) whole = false
      else if (Number.isNaN(value)) return undefined
      else if (whole) values[k]!.push(value)
    }
    field++
    start = i + 1
    if (c !== LF) continue
    // A line of white space alone is no row (the structure check let no other comma-less line
    // through, but in a file of one column).
    const blank = field === 1 && allSpace(text, lineStart, i)
    if (!blank && whole) complete++
    // An incomplete row (or a blank line) gives back the values it had taken.
    else for (const column of values) if (column.length > complete) column.pop()
    field = 0
    whole = true
    lineStart = i + 1
  }
  return { values, rows: structure.rows }
}

function allSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false
  return true
}

/** The table of a plain CSV file's text; throws FILE_UNREADABLE or FILE_TOO_MANY_ROWS as a read would. */
export function plainTextTable(
  file: string,
  text: string,
  lineEnd: '\n' | '\r\n',
  maxRows: number,
): Table {
  const structure = structureOf(file, text, maxRows)
  let rows: string[][] | undefined
  const table: Table = {
    file,
    headers: structure.headers,
    get rows() {
      if (!rows) {
        const state: PlainSplit = { cut: lineEnd.length, width: -1, line: 0, carry: '' }
        rows = splitPlainLines(text, true, state).slice(1)
      }
      return rows
    },
  }
  // Not enumerable: a way to read the table, not part of what it holds (a copy or comparison of
  // the table sees file, headers and rows as from any other reader).
  Object.defineProperty(table, 'numericColumns', {
    value: (indexes: readonly number[]) => numericColumnsOf(text, structure, indexes),
  })
  return table
}
