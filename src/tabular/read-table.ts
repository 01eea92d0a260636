import { readFile } from 'node:fs/promises'
import { extname, basename } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { NotFoundError, ValidationError } from '../shared/errors.js'

/** A table read from a CSV or XLSX file: header names and string cells. */
export interface Table {
  file: string
  headers: string[]
  /** Data rows; row i is line/row i + 2 of the file (the header is row 1). */
  rows: string[][]
}

export type TextEncoding = 'utf8' | 'gb18030'

/**
 * Decode CSV bytes: a UTF-8 BOM or valid UTF-8 is UTF-8; anything else is
 * read as GB18030, the superset of GBK that Excel writes on Chinese Windows.
 */
export function decodeCsvBytes(bytes: Buffer, encoding?: TextEncoding): string {
  if (encoding === 'gb18030') return iconv.decode(bytes, 'gb18030')
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = hasBom ? bytes.subarray(3) : bytes
  if (encoding === 'utf8' || hasBom) return body.toString('utf8')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    return iconv.decode(body, 'gb18030')
  }
}

export function parseCsvText(file: string, text: string): Table {
  let records: string[][]
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true, trim: true }) as string[][]
  } catch (error) {
    throw new ValidationError('FILE_UNREADABLE', `${file} is not a valid CSV file: ${(error as Error).message}`, [{ path: file, reason: (error as Error).message }])
  }
  const [headers, ...rows] = records
  if (!headers || headers.length === 0) throw new ValidationError('FILE_UNREADABLE', `${file} is empty.`, [{ path: file, reason: 'no header row' }])
  return { file, headers, rows }
}

async function readXlsx(name: string, bytes: Buffer, sheet?: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (error) {
    throw new ValidationError('FILE_UNREADABLE', `${name} is not a valid XLSX workbook.`, [{ path: name, reason: (error as Error).message }])
  }
  const worksheet = sheet ? workbook.getWorksheet(sheet) : workbook.worksheets[0]
  if (!worksheet) {
    throw new ValidationError('FILE_UNREADABLE', `${name} has no sheet ${sheet ?? ''}.`, [
      { path: '--sheet', reason: `no sheet "${sheet}"`, allowed: workbook.worksheets.map((w) => w.name).join(', ') },
    ])
  }
  const all: string[][] = []
  worksheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[]
    all.push(values.slice(1).map(cellText))
  })
  const [headers = [], ...rows] = all
  const width = headers.length
  return { file: name, headers: headers.map((h) => h.trim()), rows: rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').trim())) }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; text?: string; richText?: Array<{ text: string }> }
    if (cell.result !== undefined) return String(cell.result)
    if (cell.richText) return cell.richText.map((r) => r.text).join('')
    if (cell.text !== undefined) return cell.text
    if (value instanceof Date) return value.toISOString()
  }
  return String(value)
}

/** Read a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX file. */
export async function readTable(path: string, options: { encoding?: TextEncoding; sheet?: string } = {}): Promise<Table> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    throw new NotFoundError('FILE_NOT_FOUND', `Cannot read ${path}.`, [{ path: '--input', reason: 'no such file or not readable' }])
  }
  return tableFromBytes(basename(path), bytes, options)
}

/** Parse file contents already in memory (an upload); the name's extension picks XLSX or CSV. */
export async function tableFromBytes(name: string, bytes: Buffer, options: { encoding?: TextEncoding; sheet?: string } = {}): Promise<Table> {
  if (extname(name).toLowerCase() === '.xlsx') return readXlsx(name, bytes, options.sheet)
  return parseCsvText(name, decodeCsvBytes(bytes, options.encoding))
}
