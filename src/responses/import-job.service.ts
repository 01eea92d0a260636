import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { getSurvey } from '../surveys/survey.service.js'
import { AppError, ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { openTableFile, type TableLimits } from '../tabular/tabular.service.js'
import { removeUpload } from '../tabular/table-upload.service.js'
import {
  findImportJob,
  type ImportJobError,
  type ImportJobStatus,
  insertImportJob,
  saveImportJobOutcome,
} from './import-job.repository.js'
import { importResponses, type ImportReport } from './response-import.js'

/**
 * Large imports from the admin app (a million rows, a few hundred MB) run in
 * the background: the upload is answered 202 with a job the app polls for
 * its phase and row count. Live progress is kept in memory by the instance
 * doing the work (a write per progress step would compete with the import for
 * SQLite's one connection); the outcome is stored, so any instance can answer
 * for a finished job.
 */

export type { ImportJobStatus }

export interface ImportJob {
  id: string
  surveyId: string
  file: string
  status: ImportJobStatus
  done: number
  total: number
  report: ImportReport | null
  error: ImportJobError | null
}

/**
 * What a job cut short by its server stopping left behind. PostgreSQL writes an
 * all-or-nothing import in one transaction, so nothing; SQLite writes it in
 * batches of their own (see importResponses), so the batches before the stop
 * stay. Either way rows are keyed by a stable client response id: the same file
 * uploaded again imports what is missing and nothing twice.
 */
const INTERRUPTED_MESSAGE: Record<Scope['features']['name'], string> = {
  postgres:
    'The server running this import stopped; nothing of an all-or-nothing import was written. Upload the file again.',
  sqlite:
    'The server running this import stopped; some of its rows may have been written. Upload the same file again: that completes the import without duplicating the rows already written.',
}

/** A job not heard of in this long, and not finished, died with its instance. */
const STALE_MS = 15 * 60_000

/**
 * The jobs this instance is running, by id, with their live progress: one per app, made by the
 * composition root (src/server/deps.ts) and handed to startImportJob and getImportJob.
 */
export class LiveImportJobs extends Map<string, ImportJob> {
  /** Aborted when the app closes: running imports stop at their next batch. */
  readonly stopping = new AbortController()
  readonly runs = new Set<Promise<void>>()

  /**
   * Stop every running import at its next batch and wait until each has recorded its outcome
   * (IMPORT_INTERRUPTED), so none outlives the app and writes to a store that is closing.
   */
  async stop(): Promise<void> {
    this.stopping.abort()
    await Promise.allSettled([...this.runs])
  }
}

/**
 * The uploaded file (a temp file, see upload-file.ts) belongs to the job from
 * here on: it is parsed in a worker thread, batch by batch, and removed when
 * the job ends however it ends.
 */
export async function startImportJob(
  scope: Scope,
  live: LiveImportJobs,
  surveyId: string,
  file: { name: string; path: string },
  options: unknown,
  limits: TableLimits = {},
): Promise<ImportJob> {
  try {
    requirePermission(scope.actor, 'surveys:write')
    await getSurvey(scope, surveyId)
  } catch (error) {
    await removeUpload(file.path)
    throw error
  }
  const job: ImportJob = {
    id: newId(),
    surveyId,
    file: file.name,
    status: 'reading',
    done: 0,
    total: 0,
    report: null,
    error: null,
  }
  await insertImportJob(
    scope.db,
    { id: job.id, orgId: scope.orgId, surveyId, file: file.name, status: job.status },
    scope.now,
  )
  live.set(job.id, job)
  const run = runImportJob(scope, live, job, file, options, limits)
  live.runs.add(run)
  void run.finally(() => live.runs.delete(run))
  return { ...job }
}

function interrupted(scope: Scope): AppError {
  return new ConflictError('IMPORT_INTERRUPTED', INTERRUPTED_MESSAGE[scope.features.name])
}

async function runImportJob(
  scope: Scope,
  live: LiveImportJobs,
  job: ImportJob,
  file: { name: string; path: string },
  options: unknown,
  limits: TableLimits,
): Promise<void> {
  try {
    const table = await openTableFile(file.path, { ...limits, name: file.name })
    job.status = 'checking'
    job.report = await importResponses(
      scope,
      job.surveyId,
      table,
      options,
      (done, total, phase) => {
        if (live.stopping.signal.aborted) throw interrupted(scope)
        job.status = phase
        job.done = done
        job.total = total
      },
    )
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
  await saveImportJobOutcome(scope.db, job, Date.now())
  // Finished jobs are answered from the table from now on.
  live.delete(job.id)
}

export async function getImportJob(
  scope: Scope,
  live: LiveImportJobs,
  jobId: string,
): Promise<ImportJob> {
  requirePermission(scope.actor, 'responses:read')
  const row = await findImportJob(scope.db, scope.orgId, jobId)
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
    surveyId: row.surveyId,
    file: row.file,
    status: lost ? 'failed' : row.status,
    done: row.done,
    total: row.total,
    report: row.report,
    error: lost
      ? {
          code: 'IMPORT_INTERRUPTED',
          message: INTERRUPTED_MESSAGE[scope.features.name],
          details: [],
        }
      : row.error,
  }
}
