import { extname } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ErrorCode } from '../shared/error-codes.js'
import {
  type AppError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../shared/errors.js'
import type { ParseJob } from './table-parse.js'
import type { SerializedError, WorkerInput, WorkerMessage } from './table-worker.js'
import { tooLargeUncompressed } from './zip-guard.js'

/**
 * The main thread's side of the table worker (table-worker.ts): one pass over a file parsed in a
 * worker thread, so that a large import never occupies the server's event loop. Rows arrive in
 * batches with flow control, errors come back as the typed errors they were in the worker.
 */

/** Rows per message from the worker: large enough to be cheap, small enough to be checked between other requests. */
export const BATCH_ROWS = 1000
/** Batches parsed ahead of the consumer. */
const WINDOW = 4
/** Heap of the parsing thread: a workbook that needs more is refused, the server lives on. */
const WORKER_HEAP_MB = 512

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
/**
 * A compiled worker entry (file: URL) to start instead: the unit test run's global setup
 * (src/cli/test-build-dir.ts) compiles the sources once and names its table-worker.js here, so that
 * a worker started from a test does not compile its TypeScript again (1.5–3 s a start against
 * 0.3–0.5 s). One test still starts the worker from source (read-table.test.ts).
 */
export const WORKER_ENTRY_ENV = 'MANYI_TABLE_WORKER_ENTRY'
const WORKER_ENTRY =
  process.env[WORKER_ENTRY_ENV] ||
  new URL(`./table-worker${extname(new URL(import.meta.url).pathname) || '.js'}`, import.meta.url)
    .href

/** One pass over a file in a worker thread: headers first, then batches of rows as they are consumed. */
export class WorkerRead {
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
