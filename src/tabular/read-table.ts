import { stat, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError, NotFoundError, ValidationError } from '../shared/errors.js'
import { readPlainText, scanCsvBytes } from './plain-csv.js'
import { recognizedSource, recognizedTable } from './foreign-export.js'
import { type ParseJob, parseTableFile, type TextEncoding, unreadableCsv } from './table-parse.js'
import type { Table, TableSource } from './table.js'
import { plainTextTable } from './text-table.js'
import { removeUpload, tempUploadPath } from './upload-temp-files.js'
import { BATCH_ROWS, WorkerRead } from './worker-read.js'

export type { TextEncoding } from './table-parse.js'

export type { Table, TableSource } from './table.js'

/**
 * A table read in batches of rows, for files too large to hold: `batches()`
 * reads the rows from the start (again, when called again), in order.
 */

/** What a read may take; the defaults are the configuration's (src/config.ts). */
export interface TableLimits {
  /** Most data rows (MANYI_IMPORT_MAX_ROWS). */
  maxRows?: number
  /** Most bytes an XLSX may unpack to (MANYI_IMPORT_MAX_UNCOMPRESSED_BYTES). */
  maxUncompressedBytes?: number
}

export interface ReadOptions extends TableLimits {
  encoding?: TextEncoding
  sheet?: string
}

export const DEFAULT_MAX_ROWS = 1_000_000
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024

/** What the parser needs to read a file, with the limits filled in; FILE_NOT_FOUND when it cannot be read. */
async function parseJobOf(
  path: string,
  options: ReadOptions & { name?: string },
): Promise<{ job: ParseJob; size: number }> {
  const name = options.name ?? basename(path)
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    throw new NotFoundError('FILE_NOT_FOUND', `Cannot read ${path}.`, [
      { path: '--input', reason: 'no such file or not readable' },
    ])
  }
  const job: ParseJob = {
    path,
    name,
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    maxUncompressedBytes: options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES,
  }
  return { job, size }
}

/**
 * Open a CSV or XLSX file on disk for reading in batches, parsed in a worker
 * thread with the row and unpacked-size limits. `name` (default: the file's
 * own) picks the format by its extension and names the file in messages.
 */
export async function openTableFile(
  path: string,
  options: ReadOptions & { name?: string } = {},
): Promise<TableSource> {
  const { job, size } = await parseJobOf(path, options)
  let current: WorkerRead | null = new WorkerRead(job)
  const headers = await current.headers()
  let last = current
  // Another tool's export (Qualtrics, SurveyMonkey, 问卷星…) in one plain header row (foreign-export.ts).
  return recognizedSource({
    file: job.name,
    headers,
    batches() {
      // The first pass reuses the worker that read the headers; another pass starts afresh.
      const read = current ?? new WorkerRead(job)
      current = null
      last = read
      return read.batches()
    },
    estimatedRows() {
      if (last.total !== null) return last.total
      if (last.bytesRead === 0) return last.rowsRead
      return Math.max(last.rowsRead, Math.round((last.rowsRead * size) / last.bytesRead))
    },
  })
}

/** A table already in memory as a source of batches. */
export function tableSource(table: Table): TableSource {
  return {
    file: table.file,
    headers: table.headers,
    async *batches() {
      for (let i = 0; i < table.rows.length; i += BATCH_ROWS)
        yield table.rows.slice(i, i + BATCH_ROWS)
    },
    estimatedRows: () => table.rows.length,
  }
}

/** Read a whole file into memory (bounded by the row limit): for analyses, contact lists and feedback imports. */
export async function readTableFile(
  path: string,
  options: ReadOptions & { name?: string } = {},
): Promise<Table> {
  const source = await openTableFile(path, options)
  const rows: string[][] = []
  for await (const batch of source.batches()) rows.push(...batch)
  return { file: source.file, headers: source.headers, rows }
}

/**
 * Read a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX file in this thread, for the command line:
 * it has no event loop to keep free, so it skips the worker's start and the copying of every row
 * from the worker's heap to this one (a third of `manyi analyze plspm`'s time on a 100,000-row file,
 * bench/plspm.bench.ts). The limits are the same as through the worker.
 */
export async function readTable(path: string, options: ReadOptions = {}): Promise<Table> {
  const { job } = await parseJobOf(path, options)
  try {
    if (!job.name.toLowerCase().endsWith('.xlsx')) {
      const scan = scanCsvBytes(job.path)
      if (scan.plain) {
        const encoding = job.encoding ?? (scan.bom || scan.utf8 ? 'utf8' : 'gb18030')
        const text = await readPlainText(job.path, encoding)
        try {
          return withoutLayout(
            recognizedTable(plainTextTable(job.name, text, scan.lineEnd, job.maxRows)),
          )
        } catch (error) {
          throw unreadableCsv(job, error)
        }
      }
    }
    const { headers, rows: batches } = await parseTableFile(job, { bytesRead: 0 })
    const read: string[][][] = []
    for await (const batch of batches) read.push(batch)
    return withoutLayout(recognizedTable({ file: job.name, headers, rows: read.flat() }))
  } catch (error) {
    // Worded as the worker words what it did not expect (table-worker.ts).
    if (error instanceof AppError) throw error
    throw new ValidationError(
      'FILE_UNREADABLE',
      `${job.name} could not be read: ${(error as Error).message}`,
      [{ path: job.name, reason: (error as Error).message }],
    )
  }
}

/**
 * Parse file contents already in memory (a base64 upload of at most a few MB):
 * written to a temp file and read by the worker like any file, so its limits
 * apply and the parse stays off the event loop.
 */
export async function tableFromBytes(
  name: string,
  bytes: Buffer,
  options: ReadOptions = {},
): Promise<Table> {
  const path = tempUploadPath(name)
  await writeFile(path, bytes)
  try {
    return await readTableFile(path, { ...options, name })
  } finally {
    await removeUpload(path)
  }
}

/** The table alone (a plain-text table keeps its fast numeric reader when nothing was changed). */
function withoutLayout(table: Table & { layout?: unknown }): Table {
  const { layout: _, ...rest } = table
  return rest
}
