import { parentPort, workerData } from 'node:worker_threads'
import type { ErrorCode } from '../shared/error-codes.js'
import { AppError } from '../shared/errors.js'
import { parseTableFile, type ParseJob, type ReadProgress } from './table-parse.js'

/**
 * The table worker: parses one file (table-parse.ts) off the server's event
 * loop and posts its rows back in batches. Flow control by credit: at most
 * WINDOW batches are in flight until the reader acknowledges one, so a slow
 * consumer (rows checked and written to the database) never lets parsed rows
 * pile up in memory.
 */

export interface WorkerInput {
  job: ParseJob
  batchRows: number
  window: number
}

export type WorkerMessage =
  | { type: 'headers'; headers: string[] }
  | { type: 'rows'; rows: string[][]; bytesRead: number }
  | { type: 'end'; rows: number; bytesRead: number }
  | { type: 'error'; error: SerializedError }

export interface SerializedError {
  kind: string
  code: ErrorCode
  message: string
  details: AppError['details']
}

const port = parentPort!
const { job, batchRows, window } = (workerData as { input: WorkerInput }).input
let credit = window
let wake: (() => void) | null = null
port.on('message', (message: { type: 'ack' }) => {
  if (message.type !== 'ack') return
  credit++
  wake?.()
  wake = null
})

async function send(message: WorkerMessage): Promise<void> {
  while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve))
  credit--
  port.postMessage(message)
}

async function run(): Promise<void> {
  const progress: ReadProgress = { bytesRead: 0 }
  try {
    const table = await parseTableFile(job, progress)
    port.postMessage({ type: 'headers', headers: table.headers } satisfies WorkerMessage)
    let batch: string[][] = []
    let count = 0
    for await (const rows of table.rows) {
      for (const row of rows) {
        batch.push(row)
        count++
        if (batch.length >= batchRows) {
          await send({ type: 'rows', rows: batch, bytesRead: progress.bytesRead })
          batch = []
        }
      }
    }
    if (batch.length > 0) await send({ type: 'rows', rows: batch, bytesRead: progress.bytesRead })
    port.postMessage({
      type: 'end',
      rows: count,
      bytesRead: progress.bytesRead,
    } satisfies WorkerMessage)
  } catch (error) {
    const serialized: SerializedError =
      error instanceof AppError
        ? { kind: error.name, code: error.code, message: error.message, details: error.details }
        : {
            kind: 'Error',
            code: 'FILE_UNREADABLE',
            message: `${job.name} could not be read: ${(error as Error).message}`,
            details: [{ path: job.name, reason: (error as Error).message }],
          }
    port.postMessage({ type: 'error', error: serialized } satisfies WorkerMessage)
  }
}

await run()
// Nothing else may keep the worker alive: the reader terminates it anyway once done.
port.close()
