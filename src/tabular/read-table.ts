import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import type { ErrorCode } from '../shared/error-codes.js'
import {
  type AppError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../shared/errors.js'
import type { ParseJob, TextEncoding } from './table-parse.js'
import type { SerializedError, WorkerInput, WorkerMessage } from './table-worker.js'
import { tooLargeUncompressed } from './zip-guard.js'

export type { TextEncoding } from './table-parse.js'

/** A table read from a CSV or XLSX file: header names and string cells. */
export interface Table {
  file: string
  headers: string[]
  /** Data rows; row i is line/row i + 2 of the file (the header is row 1). */
  rows: string[][]
}

/**
 * A table read in batches of rows, for files too large to hold: `batches()`
 * reads the rows from the start (again, when called again), in order.
 */
export interface TableSource {
  file: string
  headers: string[]
  batches(): AsyncIterable<string[][]>
  /** Rows expected in all, for progress: exact once a read has finished, else estimated from bytes read. */
  estimatedRows(): number
}

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
/** Rows per message from the worker: large enough to be cheap, small enough to be checked between other requests. */
const BATCH_ROWS = 1000
/** Batches parsed ahead of the consumer. */
const WINDOW = 4
/** Heap of the parsing thread: a workbook that needs more is refused, the server lives on. */
const WORKER_HEAP_MB = 512

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

/** Small CSV text already in memory (tests, benchmarks); files and uploads go through the worker. */
export function parseCsvText(file: string, text: string): Table {
  let records: string[][]
  try {
    records = parse(text, {
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
    }) as string[][]
  } catch (error) {
    throw new ValidationError(
      'FILE_UNREADABLE',
      `${file} is not a valid CSV file: ${(error as Error).message}`,
      [{ path: file, reason: (error as Error).message }],
    )
  }
  const [headers, ...rows] = records
  if (!headers || headers.length === 0)
    throw new ValidationError('FILE_UNREADABLE', `${file} is empty.`, [
      { path: file, reason: 'no header row' },
    ])
  return { file, headers, rows }
}

const ERROR_CLASSES: Record<
  string,
  new (
    code: ErrorCode,
    message: string,
    details: AppError['details'],
  ) => AppError
> = {
  ValidationError,
  PayloadTooLargeError,
  NotFoundError,
  ForbiddenError,
}

function revive(error: SerializedError): AppError {
  const Class = ERROR_CLASSES[error.kind] ?? ValidationError
  return new Class(error.code, error.message, error.details)
}

/**
 * How the worker is started: the bootstrap registers tsx when the entry is
 * TypeScript (the server runs from source, under tsx or vitest alike) and
 * imports a compiled .js entry directly.
 */
const WORKER_BOOT = new URL('./table-worker-boot.mjs', import.meta.url)
const WORKER_ENTRY = new URL(
  `./table-worker${extname(new URL(import.meta.url).pathname) || '.js'}`,
  import.meta.url,
).href

/** One pass over a file in a worker thread: headers first, then batches of rows as they are consumed. */
class WorkerRead {
  private readonly worker: Worker
  private readonly queue: WorkerMessage[] = []
  private waiting: ((message: WorkerMessage) => void) | null = null
  private finished = false
  bytesRead = 0
  rowsRead = 0
  total: number | null = null

  constructor(private readonly job: ParseJob) {
    const input: WorkerInput = { job, batchRows: BATCH_ROWS, window: WINDOW }
    this.worker = new Worker(WORKER_BOOT, {
      workerData: { entry: WORKER_ENTRY, input },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    })
    this.worker.on('message', (message: WorkerMessage) => this.push(message))
    this.worker.on('error', (error: Error & { code?: string }) => {
      const out = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      const revived = out
        ? tooLargeUncompressed(
            job.name,
            'needs more memory to read than an import may use',
            job.maxUncompressedBytes,
          )
        : new ValidationError(
            'FILE_UNREADABLE',
            `${job.name} could not be read: ${error.message}`,
            [{ path: job.name, reason: error.message }],
          )
      this.push({
        type: 'error',
        error: {
          kind: revived.name,
          code: revived.code,
          message: revived.message,
          details: revived.details,
        },
      })
    })
    this.worker.on('exit', () =>
      this.push({
        type: 'error',
        error: {
          kind: 'ValidationError',
          code: 'FILE_UNREADABLE',
          message: `${job.name} could not be read.`,
          details: [{ path: job.name, reason: 'the reader stopped' }],
        },
      }),
    )
  }

  private push(message: WorkerMessage): void {
    if (this.finished) return
    if (message.type === 'end' || message.type === 'error') this.finished = true
    if (this.waiting) {
      const resolve = this.waiting
      this.waiting = null
      resolve(message)
    } else this.queue.push(message)
  }

  private next(): Promise<WorkerMessage> {
    const queued = this.queue.shift()
    if (queued) return Promise.resolve(queued)
    return new Promise((resolve) => (this.waiting = resolve))
  }

  async headers(): Promise<string[]> {
    const message = await this.next()
    if (message.type === 'headers') return message.headers
    await this.close()
    if (message.type === 'error') throw revive(message.error)
    throw new ValidationError('FILE_UNREADABLE', `${this.job.name} is empty.`, [
      { path: this.job.name, reason: 'no header row' },
    ])
  }

  async *batches(): AsyncGenerator<string[][]> {
    try {
      for (;;) {
        const message = await this.next()
        if (message.type === 'rows') {
          this.bytesRead = message.bytesRead
          this.rowsRead += message.rows.length
          this.worker.postMessage({ type: 'ack' })
          yield message.rows
        } else if (message.type === 'end') {
          this.total = message.rows
          this.bytesRead = message.bytesRead
          return
        } else if (message.type === 'error') throw revive(message.error)
      }
    } finally {
      await this.close()
    }
  }

  async close(): Promise<void> {
    this.finished = true
    await this.worker.terminate()
  }
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
  let current: WorkerRead | null = new WorkerRead(job)
  const headers = await current.headers()
  let last = current
  return {
    file: name,
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
  }
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

/** Read a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX file. */
export async function readTable(path: string, options: ReadOptions = {}): Promise<Table> {
  return readTableFile(path, options)
}

/** Temp files of uploads not removed yet; whatever is left when the process exits goes then. */
const liveUploads = new Set<string>()
let exitHookInstalled = false

/** A temp file of this process, removed by the caller with `removeUpload` (or at exit at the latest). */
export function tempUploadPath(name: string): string {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    // A background import still running when the process stops would otherwise leave its file behind.
    process.once('exit', () => {
      for (const path of liveUploads) rmSync(path, { force: true })
    })
  }
  const path = join(tmpdir(), `manyi-upload-${randomUUID()}${extname(name).toLowerCase()}`)
  liveUploads.add(path)
  return path
}

export async function removeUpload(path: string): Promise<void> {
  liveUploads.delete(path)
  await unlink(path).catch(() => undefined)
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
