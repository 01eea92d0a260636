import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { PayloadTooLargeError, ValidationError } from '../shared/errors.js'
import { plainCsvRecords, scanCsvBytes } from './plain-csv.js'
import { checkZipInflation } from './zip-guard.js'

/**
 * Streaming readers of CSV and XLSX files, run inside the table worker
 * (table-worker.ts) so that parsing never occupies the server's event loop:
 * the file is read from disk chunk by chunk and rows come out one at a time.
 */

export type TextEncoding = 'utf8' | 'gb18030'

export interface ParseJob {
  /** The file on disk. */
  path: string
  /** The name shown in messages; its extension picks XLSX or CSV. */
  name: string
  encoding?: TextEncoding
  sheet?: string
  maxRows: number
  maxUncompressedBytes: number
}

/** Bytes of the file read so far, for progress. */
export interface ReadProgress {
  bytesRead: number
}

export function tooManyRows(file: string, limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    'FILE_TOO_MANY_ROWS',
    `${file} has more than ${limit} rows; nothing was imported.`,
    [
      {
        path: file,
        reason: `has more than ${limit} data rows`,
        allowed: `at most ${limit} rows (MANYI_IMPORT_MAX_ROWS)`,
      },
    ],
  )
}

function countBytes(source: Readable, progress: ReadProgress): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      progress.bytesRead += chunk.length
      done(null, chunk)
    },
  })
  source.on('error', (error) => counter.destroy(error))
  return source.pipe(counter)
}

/** A CSV parser's error as FILE_UNREADABLE naming the file; the typed errors pass as they are. */
export function unreadableCsv(job: ParseJob, error: unknown): Error {
  if (error instanceof ValidationError || error instanceof PayloadTooLargeError) return error
  return new ValidationError(
    'FILE_UNREADABLE',
    `${job.name} is not a valid CSV file: ${(error as Error).message}`,
    [{ path: job.name, reason: (error as Error).message }],
  )
}

/**
 * CSV records (the header first), in batches, from UTF-8, UTF-8 with BOM, or GBK/GB18030: a BOM or
 * valid UTF-8 is UTF-8; anything else is read as GB18030, the superset of GBK that Excel writes on
 * Chinese Windows. A file without quotes is split by hand (plain-csv.ts), any other by csv-parse.
 */
async function* csvRows(job: ParseJob, progress: ReadProgress): AsyncGenerator<string[][]> {
  const scan = scanCsvBytes(job.path)
  const encoding = job.encoding ?? (scan.bom || scan.utf8 ? 'utf8' : 'gb18030')
  if (scan.plain) {
    try {
      yield* plainCsvRecords(job.path, encoding, scan.lineEnd, progress)
    } catch (error) {
      throw unreadableCsv(job, error)
    }
    return
  }
  const bytes = countBytes(createReadStream(job.path, { highWaterMark: 256 * 1024 }), progress)
  // Loaded only for the files that need them: most exports take the plain path.
  const [{ parse }, { default: iconv }] = await Promise.all([
    import('csv-parse'),
    import('iconv-lite'),
  ])
  const text = encoding === 'gb18030' ? bytes.pipe(iconv.decodeStream('gb18030')) : bytes
  const parser = parse({ bom: true, relax_column_count: false, skip_empty_lines: true, trim: true })
  text.on('error', (error) => parser.destroy(error))
  text.pipe(parser)
  try {
    for await (const record of parser) yield [record as string[]]
  } catch (error) {
    throw unreadableCsv(job, error)
  } finally {
    parser.destroy()
    bytes.destroy()
  }
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') {
    const cell = value as {
      result?: unknown
      text?: string
      richText?: Array<{ text: string }>
      error?: string
    }
    if (value instanceof Date) return value.toISOString()
    if (cell.result !== undefined) return cellText(cell.result)
    if (cell.richText) return cell.richText.map((r) => r.text).join('')
    if (cell.text !== undefined) return cell.text
    if (cell.error !== undefined) return cell.error
  }
  return String(value)
}

interface StreamedWorkbook {
  model?: { sheets?: Array<{ name: string; rId: string }> }
  workbookRels?: Array<{ Id: string; Target: string }>
}

/** The sheet file number (xl/worksheets/sheetN.xml) of the wanted sheet, the first one when none is named. */
function wantedSheetNumber(
  reader: StreamedWorkbook,
  sheet: string | undefined,
): string | null | undefined {
  const sheets = reader.model?.sheets
  if (!sheets || !reader.workbookRels) return undefined
  const wanted = sheet === undefined ? sheets[0] : sheets.find((s) => s.name === sheet)
  if (!wanted) return null
  const target = reader.workbookRels.find((r) => r.Id === wanted.rId)?.Target
  return target?.match(/sheet(\d+)\.xml$/)?.[1] ?? null
}

/**
 * XLSX rows (the header first) of one sheet, read with exceljs's streaming
 * reader after the zip guard has measured what the file unpacks to.
 */
async function* xlsxRows(job: ParseJob, progress: ReadProgress): AsyncGenerator<string[][]> {
  await checkZipInflation(job.path, job.name, job.maxUncompressedBytes)
  // Loaded only for workbooks: exceljs is large, and most imports are CSV.
  const { default: ExcelJS } = await import('exceljs')
  const input = countBytes(createReadStream(job.path, { highWaterMark: 256 * 1024 }), progress)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  let found = false
  const seen: string[] = []
  try {
    for await (const worksheet of reader) {
      const id = String((worksheet as unknown as { id: string | number }).id)
      seen.push(id)
      const wanted = wantedSheetNumber(reader as unknown as StreamedWorkbook, job.sheet)
      // Without a workbook part yet (an unusual order of entries), the first sheet is the one unless a name was asked for.
      if (wanted === undefined ? job.sheet !== undefined || found : wanted !== id) continue
      found = true
      for await (const row of worksheet) {
        if (!row.hasValues) continue
        yield [(row.values as unknown[]).slice(1).map(cellText)]
      }
      break
    }
  } catch (error) {
    if (error instanceof ValidationError || error instanceof PayloadTooLargeError) throw error
    throw new ValidationError('FILE_UNREADABLE', `${job.name} is not a valid XLSX workbook.`, [
      { path: job.name, reason: (error as Error).message },
    ])
  } finally {
    input.destroy()
  }
  if (!found) {
    const names = (reader as unknown as StreamedWorkbook).model?.sheets?.map((s) => s.name) ?? []
    throw new ValidationError('FILE_UNREADABLE', `${job.name} has no sheet ${job.sheet ?? ''}.`, [
      { path: '--sheet', reason: `no sheet "${job.sheet ?? ''}"`, allowed: names.join(', ') },
    ])
  }
}

export interface ParsedTable {
  headers: string[]
  /** Data rows in batches (of any size), each row as wide as the header, cells trimmed. */
  rows: AsyncGenerator<string[][]>
}

/**
 * Open a table: the header row, then data rows in batches as the file is read. More than
 * `maxRows` data rows is refused with FILE_TOO_MANY_ROWS when the batch holding the row after
 * the last allowed one is reached, so memory never holds more than a batch (one chunk of the file).
 */
export async function parseTableFile(job: ParseJob, progress: ReadProgress): Promise<ParsedTable> {
  const xlsx = job.name.toLowerCase().endsWith('.xlsx')
  const source = xlsx ? xlsxRows(job, progress) : csvRows(job, progress)
  const first = await source.next()
  if (first.done || !first.value[0] || first.value[0].length === 0) {
    await source.return(undefined)
    throw new ValidationError('FILE_UNREADABLE', `${job.name} is empty.`, [
      { path: job.name, reason: 'no header row' },
    ])
  }
  const headers = first.value[0].map((h) => h.trim())
  const width = headers.length
  const rest = first.value.slice(1)
  async function* rows(): AsyncGenerator<string[][]> {
    let count = 0
    try {
      for (let batch = rest; ; ) {
        if (batch.length > 0) {
          count += batch.length
          if (count > job.maxRows) throw tooManyRows(job.name, job.maxRows)
          // XLSX rows are cut or padded to the header; the CSV readers already refuse a ragged row.
          yield xlsx
            ? batch.map((cells) => Array.from({ length: width }, (_, i) => (cells[i] ?? '').trim()))
            : batch
        }
        const next = await source.next()
        if (next.done) break
        batch = next.value
      }
    } finally {
      await source.return(undefined)
    }
  }
  return { headers, rows: rows() }
}
