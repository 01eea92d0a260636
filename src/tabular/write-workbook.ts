import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import {
  type Cell,
  neutraliseCell,
  TABLE_CONTENT_TYPES,
  type TableDownload,
} from './write-table.js'

/** One sheet of a workbook: its name, header and rows of plain cells. */
export interface WorkbookSheet {
  name: string
  columns: readonly string[]
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>
}

/** Excel refuses these in sheet names, and names over 31 characters or repeated. */
const SHEET_NAME_REFUSED = /[[\]:*?/\\]/g

function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>()
  return names.map((raw, i) => {
    const base = raw
      .replace(SHEET_NAME_REFUSED, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, 31)
    let name = base || `Sheet${i + 1}`
    for (let n = 2; used.has(name.toLowerCase()); n++)
      name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`
    used.add(name.toLowerCase())
    return name
  })
}

/**
 * A small workbook of several sheets (an analysis's result tables) as an XLSX download, every text
 * cell — the header too — neutralised against formula injection as the exports are.
 */
export function workbookDownload(
  filename: string,
  sheets: readonly WorkbookSheet[],
): TableDownload {
  const workbook = new ExcelJS.Workbook()
  const names = sheetNames(sheets.map((s) => s.name))
  sheets.forEach((sheet, i) => {
    const ws = workbook.addWorksheet(names[i]!)
    ws.addRow(sheet.columns.map((c) => neutraliseCell(c)))
    for (const row of sheet.rows) ws.addRow(row.map((c): Cell => neutraliseCell(c)))
  })
  const body = new PassThrough()
  workbook.xlsx
    .writeBuffer()
    .then((buffer) => body.end(Buffer.from(buffer as ArrayBuffer)))
    .catch((error: Error) => body.destroy(error))
  return { filename, contentType: TABLE_CONTENT_TYPES.xlsx, body }
}
