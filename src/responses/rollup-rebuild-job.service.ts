import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { DialectName } from '../db/dialect-features.js'
import type { Scope } from '../db/scope.js'
import { newId } from '../shared/ids.js'
import type { WakeJobs } from '../shared/wake-jobs.js'
import type { Survey } from '../surveys/survey.schema.js'
import { getSurvey, surveyQuestionsByIds } from '../surveys/survey.service.js'
import {
  claimRollupRebuild,
  enqueueRollupRebuild,
  finishRollupRebuild,
  latestRollupRebuild,
  queuedRollupRebuilds,
  type RollupRebuildJobRow,
  requeueStaleRollupRebuilds,
  setRollupRebuildProgress,
} from './rollup-rebuild-job.repository.js'
import type { RollupRebuildJob, SurveyRollupRebuild } from './rollup-rebuild-job.schema.js'
import { rebuildSurveyWeights, SQLITE_SLICE_ANSWERS } from './rollup-rebuild.repository.js'

/**
 * A survey's weighted unit roll-up follows its weight field (issue 16): when settings.weightField
 * changes, a rebuild of that survey's weighted sums is queued (rollup_rebuild_jobs, migration
 * 0061) and the background sweep runs it (rebuildSurveyWeights) — the request that changed the
 * survey returns at once. The sweep runs under one lease across instances and each job is claimed
 * by one conditional update, so a rebuild runs once. The survey editor polls the job's progress.
 */

/** A running job older than this whose instance is gone (its transaction rolled back) is queued again. */
const STALE_MS = 30 * 60_000

/**
 * A job is taken this long after it was asked for at the earliest: other instances may take
 * answers with the old weight field for as long as they keep the survey in their open-survey cache
 * (surveys/open-survey-cache.ts, 2 s); after that every new answer is counted with the new one.
 */
export const REBUILD_SETTLE_MS = 2_500

/** PostgreSQL's serialization failure: the rebuild met a concurrent answer and is run again. */
const SERIALIZATION_FAILURE = '40001'

/**
 * After a survey was saved: when its weight field changed, queue the rebuild (a job still queued
 * for the survey takes the new field) and wake the jobs. Nothing when the field is the same.
 */
export async function rebuildWeightsIfChanged(
  scope: Scope,
  before: Pick<Survey, 'settings'>,
  after: Pick<Survey, 'id' | 'settings'>,
  wakeJobs: WakeJobs,
): Promise<void> {
  const field = after.settings.weightField ?? null
  if ((before.settings.weightField ?? null) === field) return
  await enqueueRollupRebuild(scope.db, {
    id: newId(scope.now),
    orgId: scope.orgId,
    surveyId: after.id,
    weightField: field,
    now: scope.now,
  })
  wakeJobs()
}

function toJob(row: RollupRebuildJobRow): RollupRebuildJob {
  return {
    id: row.id,
    surveyId: row.survey_id,
    weightField: row.weight_field,
    status: row.status as RollupRebuildJob['status'],
    done: Number(row.done),
    total: Number(row.total),
    errorCode: row.error ? ((JSON.parse(row.error) as { code?: string }).code ?? null) : null,
    requestedAt: Number(row.requested_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  }
}

/** The survey's latest weighted roll-up rebuild (GET /api/v1/surveys/:id/rollup-rebuild). */
export async function surveyRollupRebuild(
  scope: Scope,
  surveyId: string,
): Promise<SurveyRollupRebuild> {
  requirePermission(scope.actor, 'surveys:read')
  await getSurvey(scope, surveyId)
  const row = await latestRollupRebuild(scope.db, scope.orgId, surveyId)
  return { job: row ? toJob(row) : null }
}

/**
 * The sweep's part: runs queued rebuilds one after another until none is left or `signal`
 * aborts (the job then goes back to the queue, its transaction rolled back). Progress is written
 * between pages through the pool on PostgreSQL, where every instance reads it. SQLite has one
 * connection, which a transaction holds to its end: there the rebuild runs a local month at a time,
 * each in its own short transaction (byMonth), so requests are answered meanwhile and the progress
 * is written between months.
 */
export async function runRollupRebuildJobs(
  db: Db,
  dialect: DialectName,
  now: number,
  signal?: AbortSignal,
): Promise<{ rebuilt: number; waiting: boolean }> {
  await requeueStaleRollupRebuilds(db, now - STALE_MS)
  let rebuilt = 0
  const claim = () => claimRollupRebuild(db, now, now - REBUILD_SETTLE_MS)
  for (let job = await claim(); job; job = await claim()) {
    let progress = { done: 0, total: 0 }
    try {
      const questions = (await surveyQuestionsByIds(db, [job.survey_id])).get(job.survey_id) ?? []
      const id = job.id
      const result = await rebuildSurveyWeights(
        db,
        {
          orgId: job.org_id,
          surveyId: job.survey_id,
          questions,
          weightField: job.weight_field,
          byMonth: dialect === 'sqlite',
          // Each month read in slices there, too (SQLite's one connection).
          ...(dialect === 'sqlite' && { sliceAnswers: SQLITE_SLICE_ANSWERS }),
        },
        async (done, total) => {
          progress = { done, total }
          await setRollupRebuildProgress(db, id, done, total)
        },
        signal,
      )
      await finishRollupRebuild(
        db,
        job.id,
        { status: 'done', done: result.answers, total: result.answers },
        now,
      )
      rebuilt++
    } catch (error) {
      if (signal?.aborted) {
        await finishRollupRebuild(db, job.id, { status: 'queued', done: 0, total: 0 }, now)
        break
      }
      if (errorCode(error) === SERIALIZATION_FAILURE) {
        // Answers came in meanwhile: queued again, taken at the next sweep.
        await finishRollupRebuild(db, job.id, { status: 'queued', done: 0, total: 0 }, now)
        break
      }
      await finishRollupRebuild(
        db,
        job.id,
        {
          status: 'failed',
          ...progress,
          error: JSON.stringify({ code: errorCode(error) }),
        },
        now,
      )
      throw error
    }
  }
  return { rebuilt, waiting: (await queuedRollupRebuilds(db, 1)).count > 0 }
}

/** An error's stable code (AppError codes, SQLSTATE …) or its class: never its message. */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' || typeof code === 'number') return String(code)
  return error instanceof Error ? error.name : typeof error
}

/** Queued rebuilds for the metrics endpoint. */
export function rollupRebuildBacklog(db: Db): Promise<{ count: number; oldestAt: number | null }> {
  return queuedRollupRebuilds(db, 1_000)
}
