import type { UnitMoments } from '../analytics/empirical-bayes-league.js'
import { expectedRemainingVolume, targetProgress } from '../analytics/target-probability.js'
import { requirePermission } from '../auth/permission.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { WEIGHTED_ROLLUP_METRICS } from '../responses/rollup-rebuild.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { listUnits } from '../units/unit.service.js'
import { periodDays, periodsContaining } from './target-period.js'
import { listTargetRows, type TargetRow } from './target.repository.js'
import {
  LOWER_IS_BETTER_METRICS,
  METRIC_RANGES,
  TargetListQuerySchema,
  type TargetMetric,
  type TargetProgress,
} from './target.schema.js'
import { toTargetRecord } from './target.service.js'
import { weightedSurvey } from './league.service.js'
import { rollupFigures, type UnitFigureReader, weightedRollupFigures } from './unit-figures.js'

/**
 * Attainment now and the chance of meeting each target by its period's end
 * (analytics/target-probability.ts: the figure so far, its uncertainty and the answers still
 * expected at the run rate so far). A unit is off track when that chance is below one half.
 * With a weighted survey (query surveyId) the answer metrics' figures are that survey's weighted
 * ones with Kish's effective n as n (unit-figures.ts weightedRollupFigures), so the remaining
 * volume is projected in effective answers too (the design effect of the answers so far is
 * assumed to hold for those still expected).
 */

/** Largest variance one answer can have on each metric, used below two answers. */
const MAX_ANSWER_VARIANCE: Record<TargetMetric, number> = {
  nps: 10000,
  csat: 2500,
  ces: 9,
  csm: 3600,
  servqual: 36,
  servqual_tangibles: 36,
  servqual_reliability: 36,
  servqual_responsiveness: 36,
  servqual_assurance: 36,
  servqual_empathy: 36,
  sla: 2500,
  recovery: 2500,
  // A per-10,000 rate's score 10,000·k: a share's largest variance, 5,000².
  complaint_rate_customers: 25_000_000,
  complaint_rate_transactions: 25_000_000,
}

function answerVariance(metric: TargetMetric, m: UnitMoments): number {
  if (m.n < 2) return MAX_ANSWER_VARIANCE[metric]
  return Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1))
}

/** A weighted survey's figures for the metrics it keeps weighted; the others as `figures` reads them. */
interface WeightedReading {
  surveyId: string
  figures: UnitFigureReader
}

async function progressOf(
  scope: Scope,
  rows: readonly TargetRow[],
  figures: UnitFigureReader,
  weighted?: WeightedReading,
): Promise<TargetProgress[]> {
  if (rows.length === 0) return []
  const timeZone = await organisationTimezone(scope)
  const today = localDayOf(scope.now, timeZone)
  const units = new Map((await listUnits(scope, { at: scope.now })).map((u) => [u.id, u]))
  const groups = new Map<string, TargetRow[]>()
  for (const row of rows) {
    const key = `${row.period}|${row.metric}`
    const list = groups.get(key)
    if (list) list.push(row)
    else groups.set(key, [row])
  }
  const out: TargetProgress[] = []
  for (const group of groups.values()) {
    const { period, metric } = group[0]! as { period: string; metric: TargetMetric }
    const { fromDay, toDay } = periodDays(period)
    const readTo = Math.min(toDay, today + 1)
    const weightedBy =
      weighted && (WEIGHTED_ROLLUP_METRICS as readonly string[]).includes(metric)
        ? weighted.surveyId
        : null
    const reader = weightedBy ? weighted!.figures : figures
    const figureByUnit =
      readTo > fromDay
        ? await reader(scope, {
            metric,
            fromDay,
            toDay: readTo,
            unitIds: group.map((r) => r.unitId),
          })
        : new Map()
    const start = startOfLocalDay(fromDay, timeZone)
    const end = startOfLocalDay(toDay, timeZone)
    const elapsedMs = Math.max(0, Math.min(scope.now, end) - start)
    const remainingMs = Math.max(0, end - Math.max(scope.now, start))
    for (const row of group) {
      const unit = units.get(row.unitId)
      const figure = figureByUnit.get(row.unitId)
      const n = figure?.n ?? 0
      const remaining = expectedRemainingVolume(n, elapsedMs, remainingMs)
      const progress =
        figure && figure.value !== null
          ? targetProgress({
              estimate: figure.value,
              n,
              answerVariance: answerVariance(metric, figure.moments),
              remaining,
              target: row.value,
              higherIsBetter: !LOWER_IS_BETTER_METRICS.includes(metric),
            })
          : null
      const [lo, hi] = METRIC_RANGES[metric]
      out.push({
        ...toTargetRecord(row),
        unitCode: unit?.code ?? '',
        unitNameZh: unit?.nameZh ?? '',
        unitNameEn: unit?.nameEn ?? null,
        current: figure?.value ?? null,
        n,
        gap: progress?.gap ?? null,
        metNow: progress?.metNow ?? null,
        probability: progress?.probability ?? null,
        finalCi95: progress
          ? [Math.max(lo, progress.finalCi95[0]), Math.min(hi, progress.finalCi95[1])]
          : null,
        expectedRemaining: remaining,
        offTrack: progress !== null && progress.probability < 0.5,
        weightedBy,
      })
    }
  }
  return out
}

/** Targets (filtered like listTargets) with attainment now and the probability of meeting them. */
export async function listTargetProgress(
  scope: Scope,
  query: unknown,
  figures: UnitFigureReader = rollupFigures,
): Promise<TargetProgress[]> {
  requirePermission(scope.actor, 'responses:read')
  const filter = parseInput(TargetListQuerySchema, query ?? {}, 'query')
  const rows = await listTargetRows(scope.db, scope.orgId, {
    period: filter.period,
    metric: filter.metric,
    unitIds: filter.unitId ? [filter.unitId] : undefined,
  })
  const weighted = filter.surveyId
    ? {
        surveyId: (await weightedSurvey(scope, filter.surveyId, filter.metric ?? 'nps')).surveyId,
        figures: weightedRollupFigures(filter.surveyId),
      }
    : undefined
  return progressOf(
    scope,
    rows.filter((row) => isRecordWithinUnits(scope, row.unitId)),
    figures,
    weighted,
  )
}

/**
 * The units off track now, for the home pages: targets of the current month, quarter and year
 * (in the organisation's time zone) within the actor's units whose chance of being met is below
 * one half, least likely first.
 */
export async function offTrackTargets(
  scope: Scope,
  options: { limit?: number } = {},
  figures: UnitFigureReader = rollupFigures,
): Promise<TargetProgress[]> {
  requirePermission(scope.actor, 'responses:read')
  const timeZone = await organisationTimezone(scope)
  const periods = periodsContaining(localDayOf(scope.now, timeZone))
  const rows = await listTargetRows(scope.db, scope.orgId, { periods })
  const progress = await progressOf(
    scope,
    rows.filter((row) => isRecordWithinUnits(scope, row.unitId)),
    figures,
  )
  return progress
    .filter((p) => p.offTrack)
    .sort((a, b) => (a.probability ?? 0) - (b.probability ?? 0))
    .slice(0, options.limit ?? 20)
}
