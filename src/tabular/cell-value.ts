/** Reading a cell as a number, as every numeric column does (table-columns.ts, text-table.ts). */

/**
 * The value of a cell of at most nine plain digits (what answer columns hold), read without
 * Number(), or -1 for any other cell. Equal to Number(cell) whenever it is not -1.
 */
export function digitsValue(cell: string): number {
  const length = cell.length
  if (length > 9) return -1
  let value = 0
  for (let i = 0; i < length; i++) {
    const digit = cell.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
  }
  return value
}

/**
 * A cell's number: null when empty, only spaces or NA (a skipped answer), NaN when it is not a
 * decimal number.
 */
export function cellValue(cell: string): number | null {
  // A single digit, the commonest answer, first.
  if (cell.length === 1) {
    const digit = cell.charCodeAt(0) - 48
    if (digit >= 0 && digit <= 9) return digit
  }
  // Length first: upper-casing every cell to spot "NA" costs more than reading the number.
  if (cell === '' || (cell.length === 2 && cell.toUpperCase() === 'NA')) return null
  const digits = digitsValue(cell)
  if (digits >= 0) return digits
  // Number() also reads hexadecimal, binary and octal ("0x5" is 5) and "Infinity": answers are
  // written in decimals, so anything else is not a number.
  if (!DECIMAL.test(cell)) return cell.trim() === '' ? null : Number.NaN
  const value = Number(cell)
  return Number.isFinite(value) ? value : Number.NaN
}

/** A decimal number as spreadsheets write it: sign, digits, point, exponent; spaces around. */
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/
