import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { ForbiddenError } from '../shared/errors.js'
import { listSurveys, surveyQuestionsByIds } from '../surveys/survey.service.js'
import {
  type RebuildChunkProgress,
  type RollupRebuild,
  rebuildAnswerAggregates,
  SQLITE_SLICE_ANSWERS,
  type Slicing,
} from './rollup-rebuild.repository.js'

/** The metrics a weighted survey's roll-up keeps (response_unit_monthly_weights). */
export { WEIGHTED_ROLLUP_METRICS, type WeightedRollupMetric } from './unit-daily-counts.js'

/**
 * Rebuilds the organisation's answer aggregates (the daily counts and the unit roll-ups) from its
 * stored answers with the insert path's own aggregation (rollup-rebuild.repository.ts): for
 * answers loaded around the write path, or a repair. Everything of the organisation is rewritten,
 * so only a reader of every unit who may change units (the operator, an administrator) may. It
 * runs a survey's local month at a time, each in a short transaction of its own, so the store
 * keeps answering meanwhile; `onChunk` hears of each. On SQLite a month is read in slices of
 * SQLITE_SLICE_ANSWERS answers (`slice` overrides it there: tests), each holding the one connection
 * only for its own read, and written in one short transaction; on PostgreSQL a month is one
 * REPEATABLE READ transaction, which holds one of the pool's connections and no reader back
 * (MVCC: they read the old complete figures until it commits).
 */
export async function rebuildAnswerRollups(
  scope: Scope,
  onChunk?: RebuildChunkProgress,
  slice?: Slicing,
): Promise<RollupRebuild> {
  requirePermission(scope.actor, 'units:write')
  if (scope.units !== undefined)
    throw new ForbiddenError(
      'FORBIDDEN',
      'Rebuilding the roll-ups rewrites every unit’s figures; your access is limited to some units.',
      [{ path: 'units', reason: 'limited to some units' }],
    )
  const surveys = await listSurveys(scope)
  const questions = await surveyQuestionsByIds(
    scope.db,
    surveys.map((s) => s.id),
  )
  // Weighted surveys' weights are read again from each answer's hidden field, as when stored.
  const weightFields = new Map(
    surveys.flatMap((s) =>
      s.settings.weightField ? [[s.id, s.settings.weightField] as const] : [],
    ),
  )
  const slicing =
    scope.features.name === 'sqlite' ? (slice ?? { answers: SQLITE_SLICE_ANSWERS }) : undefined
  return rebuildAnswerAggregates(scope.db, scope.orgId, questions, weightFields, onChunk, slicing)
}
