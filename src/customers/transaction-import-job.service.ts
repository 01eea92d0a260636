import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { AppError, ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { openTableFile, type TableLimits } from '../tabular/tabular.service.js'
import { removeUpload } from '../tabular/table-upload.service.js'
import type { TransactionReport } from './customer.schema.js'
import { importTransactionSource } from './transaction-file-import.js'
import {
  findTransactionImportJob,
  insertTransactionImportJob,
  saveTransactionImportOutcome,
  type TransactionImportError,
  type TransactionImportStatus,
} from './transaction-import-job.repository.js'
import { TransactionImportOptionsSchema } from './transaction-import-job.schema.js'

/**
 * Transaction files of a million rows run in the background as answer imports do
 * (src/responses/import-job.service.ts): the upload is answered 202 with a job the admin app
 * polls for its phase, rows done of total, and the report. Live progress is kept in memory by the
 * instance doing the work; the outcome is stored, so any instance answers for a finished job.
 */

export interface TransactionImportJob {
  id: string
  file: string
  status: TransactionImportStatus
  done: number
  total: number
  report: TransactionReport | null
  error: TransactionImportError | null
}

/**
 * What a job cut short by its server stopping left behind: nothing for an all-or-nothing import
 * on either store (one transaction on PostgreSQL, a staging table moved in by one transaction on
 * SQLite), the batches written before when skipping invalid rows. Transactions are keyed by their
 * id, so the same file again completes the import without duplicates.
 */
const INTERRUPTED_MESSAGE =
  'The server running this import stopped before it finished. Upload the same file again: rows already written are recognised by their transaction id and not written twice.'

/** A job not heard of in this long, and not finished, died with its instance. */
const STALE_MS = 15 * 60_000

/** The transaction imports this instance is running, by id, with their live progress (one per app, src/server/deps.ts). */
export class LiveTransactionImports extends Map<string, TransactionImportJob> {
  /** Aborted when the app closes: running imports stop at their next batch. */
  readonly stopping = new AbortController()
  readonly runs = new Set<Promise<void>>()

  /** Stop every running import at its next batch and wait until each has recorded its outcome. */
  async stop(): Promise<void> {
    this.stopping.abort()
    await Promise.allSettled([...this.runs])
  }
}

/** The uploaded file (a temp file) belongs to the job from here on and is removed when it ends. */
export async function startTransactionImportJob(
  scope: Scope,
  live: LiveTransactionImports,
  file: { name: string; path: string },
  optionsInput: unknown,
  limits: TableLimits = {},
): Promise<TransactionImportJob> {
  let options: ReturnType<typeof TransactionImportOptionsSchema.parse>
  try {
    requirePermission(scope.actor, 'contacts:write')
    options = parseInput(TransactionImportOptionsSchema, optionsInput ?? {}, 'options')
  } catch (error) {
    await removeUpload(file.path)
    throw error
  }
  const job: TransactionImportJob = {
    id: newId(),
    file: file.name,
    status: 'reading',
    done: 0,
    total: 0,
    report: null,
    error: null,
  }
  await insertTransactionImportJob(
    scope.db,
    { id: job.id, orgId: scope.orgId, file: file.name, status: job.status },
    scope.now,
  )
  live.set(job.id, job)
  const run = runJob(scope, live, job, file, options, limits)
  live.runs.add(run)
  void run.finally(() => live.runs.delete(run))
  return { ...job }
}

async function runJob(
  scope: Scope,
  live: LiveTransactionImports,
  job: TransactionImportJob,
  file: { name: string; path: string },
  options: ReturnType<typeof TransactionImportOptionsSchema.parse>,
  limits: TableLimits,
): Promise<void> {
  try {
    const source = await openTableFile(file.path, { ...limits, name: file.name })
    job.status = 'checking'
    job.report = await importTransactionSource(scope, source, options, (done, total, phase) => {
      if (live.stopping.signal.aborted)
        throw new ConflictError('IMPORT_INTERRUPTED', INTERRUPTED_MESSAGE)
      job.status = phase
      job.done = done
      job.total = total
    })
    job.done = job.report.rows
    job.total = job.report.rows
    job.status = 'done'
  } catch (error) {
    job.status = 'failed'
    job.error =
      error instanceof AppError
        ? { code: error.code, message: error.message, details: error.details }
        : { code: 'INTERNAL_ERROR', message: 'The import failed unexpectedly.', details: [] }
  } finally {
    await removeUpload(file.path)
  }
  await saveTransactionImportOutcome(scope.db, job, Date.now())
  // Finished jobs are answered from the table from now on.
  live.delete(job.id)
}

export async function getTransactionImportJob(
  scope: Scope,
  live: LiveTransactionImports,
  jobId: string,
): Promise<TransactionImportJob> {
  requirePermission(scope.actor, 'contacts:write')
  const row = await findTransactionImportJob(scope.db, scope.orgId, jobId)
  if (!row)
    throw new NotFoundError('IMPORT_JOB_NOT_FOUND', `No import job ${jobId}.`, [
      { path: 'id', reason: 'unknown import job' },
    ])
  const running = live.get(jobId)
  if (running) return { ...running }
  const finished = row.status === 'done' || row.status === 'failed'
  const lost = !finished && scope.now - row.updatedAt > STALE_MS
  return {
    id: row.id,
    file: row.file,
    status: lost ? 'failed' : row.status,
    done: row.done,
    total: row.total,
    report: row.report,
    error: lost
      ? { code: 'IMPORT_INTERRUPTED', message: INTERRUPTED_MESSAGE, details: [] }
      : row.error,
  }
}
