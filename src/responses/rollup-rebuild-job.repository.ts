import type { Db } from '../db/database.js'
import type { RollupRebuildJobTable } from './rollup-rebuild-job.table.js'

/** The table rollup_rebuild_jobs (migration 0061); only this file queries it. */

export type RollupRebuildJobRow = RollupRebuildJobTable

/**
 * Asks for a rebuild of a survey's weighted roll-up with `weightField`. A job of the survey still
 * queued takes the new field instead (several changes before the sweep cost one rebuild); a
 * running one is left to finish and a new job queued behind it.
 */
export async function enqueueRollupRebuild(
  db: Db,
  job: { id: string; orgId: string; surveyId: string; weightField: string | null; now: number },
): Promise<string> {
  const queued = await db
    .updateTable('rollup_rebuild_jobs')
    .set({ weight_field: job.weightField })
    .where('org_id', '=', job.orgId)
    .where('survey_id', '=', job.surveyId)
    .where('status', '=', 'queued')
    .returning('id')
    .executeTakeFirst()
  if (queued) return queued.id
  await db
    .insertInto('rollup_rebuild_jobs')
    .values({
      id: job.id,
      org_id: job.orgId,
      survey_id: job.surveyId,
      weight_field: job.weightField,
      status: 'queued',
      done: 0,
      total: 0,
      error: null,
      requested_at: job.now,
      started_at: null,
      finished_at: null,
    })
    .execute()
  return job.id
}

/**
 * Takes the oldest queued job asked for at or before `askedBy`: one conditional update (status
 * still queued), so of two instances looking at once only one runs it. Undefined when none is.
 */
export async function claimRollupRebuild(
  db: Db,
  now: number,
  askedBy: number,
): Promise<RollupRebuildJobRow | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const next = await db
      .selectFrom('rollup_rebuild_jobs')
      .select('id')
      .where('status', '=', 'queued')
      .where('requested_at', '<=', askedBy)
      .orderBy('requested_at')
      .orderBy('id')
      .executeTakeFirst()
    if (!next) return undefined
    const claimed = await db
      .updateTable('rollup_rebuild_jobs')
      .set({ status: 'running', started_at: now, done: 0 })
      .where('id', '=', next.id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst()
    if (claimed) return claimed
  }
  return undefined
}

export async function setRollupRebuildProgress(
  db: Db,
  id: string,
  done: number,
  total: number,
): Promise<void> {
  await db
    .updateTable('rollup_rebuild_jobs')
    .set({ done, total })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute()
}

export async function finishRollupRebuild(
  db: Db,
  id: string,
  outcome: { status: 'done' | 'failed' | 'queued'; done: number; total: number; error?: string },
  now: number,
): Promise<void> {
  await db
    .updateTable('rollup_rebuild_jobs')
    .set({
      status: outcome.status,
      done: outcome.done,
      total: outcome.total,
      error: outcome.error ?? null,
      finished_at: outcome.status === 'queued' ? null : now,
      ...(outcome.status === 'queued' && { started_at: null }),
    })
    .where('id', '=', id)
    .execute()
}

/**
 * Jobs left `running` since before `startedBefore` by an instance that died mid-run (its
 * transaction rolled back with it) go back to the queue.
 */
export async function requeueStaleRollupRebuilds(db: Db, startedBefore: number): Promise<number> {
  const result = await db
    .updateTable('rollup_rebuild_jobs')
    .set({ status: 'queued', started_at: null, done: 0 })
    .where('status', '=', 'running')
    .where('started_at', '<', startedBefore)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The latest job of a survey, if any. */
export async function latestRollupRebuild(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<RollupRebuildJobRow | undefined> {
  return db
    .selectFrom('rollup_rebuild_jobs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

/** Queued jobs (up to `limit`) and when the oldest was asked for, for monitoring. */
export async function queuedRollupRebuilds(
  db: Db,
  limit: number,
): Promise<{ count: number; oldestAt: number | null }> {
  const rows = await db
    .selectFrom('rollup_rebuild_jobs')
    .select('requested_at')
    .where('status', '=', 'queued')
    .orderBy('requested_at')
    .limit(limit)
    .execute()
  return { count: rows.length, oldestAt: rows[0] ? Number(rows[0].requested_at) : null }
}

/**
 * Whether a rebuild of the survey's weighted sums is queued or running: until it is done they
 * were summed under another weight field (or not at all), so readers must not use them.
 */
export async function rollupRebuildPending(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('rollup_rebuild_jobs')
    .select('id')
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('status', 'in', ['queued', 'running'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
