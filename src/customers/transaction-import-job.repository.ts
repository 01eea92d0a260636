import { z } from 'zod'
import type { Db } from '../db/database.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { TransactionReportSchema } from './customer.schema.js'
import {
  TRANSACTION_IMPORT_STATUSES,
  type TransactionImportStatus,
} from './transaction-import-job.schema.js'

/** The transaction_import_jobs table: the only code that queries it. Report and error are read back through a schema. */

export type { TransactionImportStatus }

type Report = z.infer<typeof TransactionReportSchema>

const StatusSchema = z.enum(TRANSACTION_IMPORT_STATUSES)
const StoredErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.unknown()),
})
export type TransactionImportError = z.infer<typeof StoredErrorSchema>

export interface TransactionImportJobRecord {
  id: string
  file: string
  status: TransactionImportStatus
  done: number
  total: number
  report: Report | null
  error: TransactionImportError | null
  updatedAt: number
}

export async function insertTransactionImportJob(
  db: Db,
  job: { id: string; orgId: string; file: string; status: TransactionImportStatus },
  now: number,
): Promise<void> {
  await db
    .insertInto('transaction_import_jobs')
    .values({
      id: job.id,
      org_id: job.orgId,
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
export async function saveTransactionImportOutcome(
  db: Db,
  job: {
    id: string
    status: TransactionImportStatus
    done: number
    total: number
    report: Report | null
    error: TransactionImportError | null
  },
  now: number,
): Promise<void> {
  await db
    .updateTable('transaction_import_jobs')
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

export async function findTransactionImportJob(
  db: Db,
  orgId: string,
  jobId: string,
): Promise<TransactionImportJobRecord | undefined> {
  const row = await db
    .selectFrom('transaction_import_jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', jobId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    id: row.id,
    file: row.file,
    status: StatusSchema.parse(row.status),
    done: Number(row.done),
    total: Number(row.total),
    report: row.report
      ? parseStoredJson(TransactionReportSchema, row.report, 'transaction_import_jobs.report')
      : null,
    error: row.error
      ? parseStoredJson(StoredErrorSchema, row.error, 'transaction_import_jobs.error')
      : null,
    updatedAt: Number(row.updated_at),
  }
}
