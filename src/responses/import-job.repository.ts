import { z } from 'zod'
import type { Db } from '../db/database.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { ImportReportSchema } from './response-files.schema.js'

/** The import_jobs table: the only code that queries it. Report and error are read back through a schema. */

export type ImportJobStatus = 'reading' | 'checking' | 'writing' | 'done' | 'failed'
export type ImportReportRecord = z.infer<typeof ImportReportSchema>

const StatusSchema = z.enum(['reading', 'checking', 'writing', 'done', 'failed'])
const StoredErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.unknown()),
})
export type ImportJobError = z.infer<typeof StoredErrorSchema>

export interface ImportJobRecord {
  id: string
  surveyId: string
  file: string
  status: ImportJobStatus
  done: number
  total: number
  report: ImportReportRecord | null
  error: ImportJobError | null
  updatedAt: number
}

export async function insertImportJob(
  db: Db,
  job: { id: string; orgId: string; surveyId: string; file: string; status: ImportJobStatus },
  now: number,
): Promise<void> {
  await db
    .insertInto('import_jobs')
    .values({
      id: job.id,
      org_id: job.orgId,
      survey_id: job.surveyId,
      file: job.file,
      status: job.status,
      done: 0,
      total: 0,
      report: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
}

/** A job's outcome (or last known progress). */
export async function saveImportJobOutcome(
  db: Db,
  job: {
    id: string
    status: ImportJobStatus
    done: number
    total: number
    report: ImportReportRecord | null
    error: ImportJobError | null
  },
  now: number,
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      status: job.status,
      done: job.done,
      total: job.total,
      report: job.report ? JSON.stringify(job.report) : null,
      error: job.error ? JSON.stringify(job.error) : null,
      updated_at: now,
    })
    .where('id', '=', job.id)
    .execute()
}

export async function findImportJob(
  db: Db,
  orgId: string,
  jobId: string,
): Promise<ImportJobRecord | undefined> {
  const row = await db
    .selectFrom('import_jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', jobId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    surveyId: row.survey_id,
    file: row.file,
    status: StatusSchema.parse(row.status),
    done: Number(row.done),
    total: Number(row.total),
    report: row.report
      ? parseStoredJson(ImportReportSchema, row.report, 'import_jobs.report')
      : null,
    error: row.error ? parseStoredJson(StoredErrorSchema, row.error, 'import_jobs.error') : null,
    updatedAt: Number(row.updated_at),
  }
}
