import type { Db } from '../db/database.js'
import { removeUnnamedUploads } from '../responses/response-upload.service.js'
import type { JobDefinition } from './job-registry.js'

const HOUR_MS = 3_600_000

/** How long an upload may wait for the answer that names it when nothing else is configured. */
export const DEFAULT_UPLOAD_GRACE_HOURS = 24

/**
 * The named job that removes the files respondents uploaded that no answer names once
 * `graceHours` have passed (MANYI_UPLOAD_GRACE_HOURS): uploads whose answer never came and files
 * of answers since deleted (src/responses/response-upload.service.ts). Like every job it runs
 * under the sweep's lease, so one instance does it; an hourly look removes each at most an hour
 * after its grace.
 */
export function uploadCleanupJob(
  db: Db,
  graceHours: number = DEFAULT_UPLOAD_GRACE_HOURS,
): JobDefinition {
  return {
    name: 'upload-cleanup',
    everyMs: HOUR_MS,
    run: (now, signal) => removeUnnamedUploads(db, now, graceHours * HOUR_MS, signal),
  }
}
