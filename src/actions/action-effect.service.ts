import {
  type CellMoments,
  measureActionEffect,
  type ScoreScale,
  sumCellMoments,
} from '../analytics/action-effect.js'
import { chooseComparisonUnits } from '../analytics/comparison-units.js'
import { checkStepChange, MIN_BASELINE_PERIODS } from '../analytics/step-change.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { localDayOf } from '../shared/timezone.js'
import {
  monthOfDay,
  rollupMonthlyFigures,
  type UnitFigure,
} from '../targets/unit-figure.service.js'
import { listUnits, type UnitRecord } from '../units/unit.service.js'
import type { PlanEffect, PlanMetric } from './action-plan.schema.js'
import { loadPlan, markPlanStandard, toPlan } from './action-plan.service.js'
import { requirePermission } from '../auth/permission.service.js'

/**
 * Did the plan work? The metric in the plan's units in the months before the action's month
 * against the months after it (the action's own month is left out: it mixes both), and — when
 * units the plan does not cover have enough answers — the same change in the comparison units
 * chosen to match the plan's units on the metric's earlier level and volume, taken away
 * (difference in differences; src/analytics/action-effect.ts). The control chart of the plan's
 * units by month is read at the action's month for a step. With no comparison units the verdict
 * rests on before/after and the chart, and says so (`no_comparison_units`).
 */

/** Full months before the action's month that form the "before" period. */
const BEFORE_MONTHS = 3
/** Months of history the control chart reads before the action. */
const CHART_MONTHS = 12
const COMPARISON_UNITS = 5

/**
 * What one answer scores on each plan metric (the roll-ups' per-answer scores, unit-figures.ts):
 * the effect's interval is built from each period's interval on that scale, so a period whose
 * answers are all alike (all promoters) is not taken as certain (mover-interval.ts).
 */
const METRIC_SCALES: Record<PlanMetric, ScoreScale> = {
  nps: { kind: 'nps' },
  csat: { kind: 'share' },
  ces: { kind: 'mean', min: 1, max: 7 },
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to; m = shiftMonth(m, 1)) out.push(m)
  return out
}

interface Sums {
  n: number
  sum: number
  sumSquares: number
}

/** n, Σx and Σx² of the given units over the given months (the roll-ups' own moments, summed). */
function sumOver(
  figures: Map<string, Map<string, UnitFigure>>,
  unitIds: readonly string[],
  months: readonly string[],
): CellMoments {
  const total: Sums = { n: 0, sum: 0, sumSquares: 0 }
  for (const id of unitIds) {
    for (const month of months) {
      const m = figures.get(id)?.get(month)?.moments
      if (!m) continue
      total.n += m.n
      total.sum += m.sum
      total.sumSquares += m.sumSquares
    }
  }
  return sumCellMoments(total.n, total.sum, total.sumSquares)
}

const cell = (c: CellMoments) => ({ n: c.n, value: c.n > 0 ? c.mean : null })

function depthOf(unit: UnitRecord, byId: Map<string, UnitRecord>): number {
  let depth = 0
  for (let u = unit; u.parentId && byId.has(u.parentId); u = byId.get(u.parentId)!) depth++
  return depth
}

/** Units at the plan units' depth that are neither in the plan nor above or below its units. */
function candidateUnits(planUnits: readonly string[], units: readonly UnitRecord[]): UnitRecord[] {
  const byId = new Map(units.map((u) => [u.id, u]))
  const related = new Set<string>()
  for (const id of planUnits) {
    for (let u = byId.get(id); u; u = u.parentId ? byId.get(u.parentId) : undefined)
      related.add(u.id)
  }
  const below = (u: UnitRecord): boolean =>
    planUnits.includes(u.id) ||
    (u.parentId !== null && byId.has(u.parentId) && below(byId.get(u.parentId)!))
  const depths = new Set(
    planUnits
      .map((id) => byId.get(id))
      .filter(Boolean)
      .map((u) => depthOf(u!, byId)),
  )
  return units.filter(
    (u) => u.closedAt === null && !related.has(u.id) && !below(u) && depths.has(depthOf(u, byId)),
  )
}

export async function planEffect(scope: Scope, planId: string): Promise<PlanEffect> {
  requirePermission(scope.actor, 'responses:read')
  const plan = toPlan(await loadPlan(scope, planId), scope.now)
  const timeZone = await organisationTimezone(scope)
  const units = await listUnits(scope, { at: scope.now })
  const planUnits =
    plan.unitIds.length > 0
      ? plan.unitIds
      : units.filter((u) => u.parentId === null).map((u) => u.id)
  const notes: PlanEffect['notes'] = []
  const currentMonth = monthOfDay(localDayOf(scope.now, timeZone))
  const actionMonth =
    plan.actionAt === null ? null : monthOfDay(localDayOf(plan.actionAt, timeZone))
  if (actionMonth === null) notes.push('no_action_date')
  const anchor = actionMonth ?? currentMonth
  const beforeMonths = monthsBetween(shiftMonth(anchor, -BEFORE_MONTHS), shiftMonth(anchor, -1))
  const afterMonths = actionMonth === null ? [] : monthsBetween(shiftMonth(anchor, 1), currentMonth)
  const chartMonths = monthsBetween(shiftMonth(anchor, -CHART_MONTHS), currentMonth)
  const candidates = plan.unitIds.length > 0 ? candidateUnits(plan.unitIds, units) : []
  const figures = await rollupMonthlyFigures(scope, {
    metric: plan.metric,
    months: chartMonths,
    unitIds: [...planUnits, ...candidates.map((u) => u.id)],
    units,
  })
  const treatedBefore = sumOver(figures, planUnits, beforeMonths)
  const treatedAfter = sumOver(figures, planUnits, afterMonths)

  const chosen = chooseComparisonUnits(
    { level: treatedBefore.mean, answers: treatedBefore.n },
    candidates.map((u) => {
      const before = sumOver(figures, [u.id], beforeMonths)
      return { unitId: u.id, level: before.mean, answers: before.n }
    }),
    { count: COMPARISON_UNITS },
  )
  if (chosen.length === 0) notes.push('no_comparison_units')
  const comparisonIds = chosen.map((c) => c.unitId)
  const comparisonBefore = sumOver(figures, comparisonIds, beforeMonths)
  const comparisonAfter = sumOver(figures, comparisonIds, afterMonths)
  const result = measureActionEffect({
    treatedBefore,
    treatedAfter,
    ...(chosen.length > 0 ? { comparisonBefore, comparisonAfter } : {}),
    goal: plan.goal,
    minimumEffect: plan.minimumEffect,
    scale: METRIC_SCALES[plan.metric],
  })

  // The chart: one point per month with answers, the action's month left out.
  const series: Array<{ month: string; value: number }> = []
  for (const month of chartMonths) {
    if (month === actionMonth) continue
    const c = sumOver(figures, planUnits, [month])
    if (c.n > 0) series.push({ month, value: c.mean })
  }
  const actionIndex = actionMonth === null ? -1 : series.findIndex((p) => p.month > actionMonth)
  const baselineLength = actionIndex === -1 ? series.length : actionIndex
  let stepChange: PlanEffect['stepChange'] = null
  if (actionMonth !== null && baselineLength >= MIN_BASELINE_PERIODS) {
    const check = checkStepChange(
      series.map((p) => p.value),
      baselineLength,
      plan.goal,
    )
    stepChange = {
      center: check.center,
      ucl: check.ucl,
      lcl: check.lcl,
      stepTowardGoal: check.stepTowardGoal,
      stepAgainstGoal: check.stepAgainstGoal,
      firstSignalMonth: check.firstSignal === null ? null : series[check.firstSignal]!.month,
    }
  } else if (actionMonth !== null) notes.push('short_history_for_chart')

  const names = new Map(units.map((u) => [u.id, u.nameZh]))
  return {
    verdict: result.verdict,
    basis: result.basis,
    effect: result.effect,
    beforeAfter: result.beforeAfter,
    differenceInDifferences: result.differenceInDifferences,
    additionalAnswersNeeded: result.additionalAnswersNeeded,
    minimumEffect: plan.minimumEffect,
    beforeMonths,
    afterMonths,
    treated: { before: cell(treatedBefore), after: cell(treatedAfter) },
    comparison:
      chosen.length === 0
        ? null
        : {
            units: chosen.map((c) => ({
              id: c.unitId,
              name: names.get(c.unitId) ?? c.unitId,
              distance: c.distance,
            })),
            before: cell(comparisonBefore),
            after: cell(comparisonAfter),
          },
    stepChange,
    notes,
  }
}

/** The "act" step: the plan becomes the standard if its verdict now is "effective". */
export async function makePlanStandard(scope: Scope, planId: string) {
  const effect = await planEffect(scope, planId)
  return markPlanStandard(scope, planId, effect.verdict === 'effective')
}
