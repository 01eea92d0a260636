import { PassThrough, type Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'

export type Cell = string | number

/** A file to send as a download: its name, its type and its bytes as they are produced. */
export interface TableDownload {
  filename: string
  contentType: string
  body: Readable
}
export type TableFormat = 'csv' | 'xlsx'

export const TABLE_CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/**
 * A cell that starts with = + - @ (or a tab or carriage return) would run as a
 * formula in Excel or WPS; prefixing an apostrophe keeps it text (OWASP CSV
 * injection guidance). Numbers are left as numbers.
 */
export function neutraliseCell(value: string | number | null): Cell {
  if (value === null) return ''
  if (typeof value === 'number') return value
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/**
 * Stream a table as CSV (UTF-8 with BOM, so Excel reads Chinese correctly) or
 * XLSX, row by row as `rows` yields them: memory stays flat however long the
 * table. Cells must already be neutralised. A failure while reading ends the
 * stream with that error (the download breaks instead of looking complete).
 */
export function streamTable(
  format: TableFormat,
  sheetName: string,
  header: readonly string[],
  rows: AsyncIterable<readonly Cell[]>,
  /** XLSX only: sheets written after the rows, made from what the rows were (e.g. a cross-tab). */
  after?: () => Array<{ name: string; rows: Cell[][] }>,
): Readable {
  if (format === 'csv') {
    const csv = stringify({ bom: true })
    csv.write(header)
    void (async () => {
      try {
        for await (const row of rows)
          if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve))
        csv.end()
      } catch (error) {
        csv.destroy(error as Error)
      }
    })()
    return csv
  }
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  })
  const sheet = workbook.addWorksheet(sheetName)
  void (async () => {
    try {
      sheet.addRow([...header]).commit()
      for await (const row of rows) sheet.addRow([...row]).commit()
      sheet.commit()
      for (const extra of after?.() ?? []) {
        const more = workbook.addWorksheet(extra.name)
        for (const row of extra.rows) more.addRow(row).commit()
        more.commit()
      }
      await workbook.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return out
}
