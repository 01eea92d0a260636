import { leagueTable } from '../analytics/empirical-bayes-league.js'
import { requirePermission } from '../auth/permission.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { isUnitOrAboveReaders } from '../units/unit-scope.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import {
  kishEffectiveN,
  weightedLeagueTable,
  type WeightedUnitMoments,
} from '../analytics/weighted-league.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import {
  WEIGHTED_ROLLUP_METRICS,
  type WeightedRollupMetric,
} from '../responses/rollup-rebuild.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { localDayOf } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { listUnitOutline, type UnitOutline } from '../units/unit.service.js'
import { monthsEndingWith, periodContaining, periodDays } from './target-period.js'
import { listTargetRows } from './target.repository.js'
import {
  type League,
  LeagueQuerySchema,
  LOWER_IS_BETTER_METRICS,
  METRIC_RANGES,
} from './target.schema.js'
import {
  emptyMoments,
  figureOf,
  monthlyComplaints,
  monthOfDay,
  rollupFigures,
  rollupMonthlyFigures,
  rollupMonthlyWeightSums,
  type UnitFigureReader,
  type UnitMonthlyFigureReader,
} from './unit-figures.js'

export interface FigureReaders {
  figures: UnitFigureReader
  monthly: UnitMonthlyFigureReader
}

/** Heat-map months shown beside a league table. */
const HEAT_MAP_MONTHS = 12

/**
 * The league table of a unit's children (or of the top-level units) on one metric and period:
 * each child's figure over its subtree with n and 95% interval, raw and shrunk (empirical Bayes)
 * side by side, ranked on the shrunk figure, tested against the rest of its siblings, units
 * below the minimum n listed unranked; each child's target for the period; and a unit × month
 * heat map of the twelve months to the period's end; each child's complaints in the period and per
 * month (the complaint roll-up). Only units within the actor's are listed.
 */
export async function unitLeague(
  scope: Scope,
  query: unknown,
  readers: FigureReaders = { figures: rollupFigures, monthly: rollupMonthlyFigures },
): Promise<League> {
  requirePermission(scope.actor, 'responses:read')
  const q = parseInput(LeagueQuerySchema, query, 'query')
  const timeZone = await organisationTimezone(scope)
  const period = q.period ?? periodContaining('month', localDayOf(scope.now, timeZone))
  const units = await listUnitOutline(scope, { at: scope.now })
  const byId = new Map(units.map((u) => [u.id, u]))
  let parent: UnitOutline | null = null
  if (q.parentId) {
    parent = byId.get(q.parentId) ?? null
    // A member limited to units may rank below their own units or below a unit above them (its
    // path is the breadcrumb to their own); a unit beside them is not theirs to name.
    if (parent && !isUnitOrAboveReaders(scope, parent.id, units)) parent = null
    if (!parent) {
      throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${q.parentId} in this organisation.`, [], {
        id: q.parentId,
      })
    }
  }
  const hasChildren = new Set(units.filter((u) => u.parentId !== null).map((u) => u.parentId!))
  // At the top, a member limited to units ranks the tops of their own subtrees (their units whose
  // parent is not theirs): the organisation's top units are not theirs, and would leave them an
  // empty table.
  const own = scope.units === undefined ? null : new Set(scope.units)
  const isChild = (u: UnitOutline) =>
    parent || own === null
      ? u.parentId === (parent?.id ?? null)
      : u.parentId === null || !own.has(u.parentId)
  const children = units.filter(
    (u) => isChild(u) && u.closedAt === null && isRecordWithinUnits(scope, u.id),
  )
  const path: League['path'] = []
  for (let u = parent; u; u = u.parentId ? (byId.get(u.parentId) ?? null) : null) {
    path.unshift({ id: u.id, nameZh: u.nameZh, nameEn: u.nameEn })
  }
  const { fromDay, toDay } = periodDays(period)
  const ids = children.map((c) => c.id)
  const months = monthsEndingWith(period, HEAT_MAP_MONTHS)
  // One roll-up read serves both: the period is made of whole months among the heat map's twelve.
  const periodMonths = new Set(
    months.filter((m) => m >= monthOfDay(fromDay) && m <= monthOfDay(toDay - 1)),
  )
  const weighted = q.surveyId ? await weightedSurvey(scope, q.surveyId, q.metric) : null
  const [monthly, complaintsByMonth, targets, weightSums] = await Promise.all([
    readers.monthly(scope, {
      metric: q.metric,
      months,
      unitIds: parent ? [...ids, parent.id] : ids,
      units,
    }),
    monthlyComplaints(scope, { months, unitIds: ids, units }),
    listTargetRows(scope.db, scope.orgId, { period, metric: q.metric, unitIds: ids }),
    weighted
      ? rollupMonthlyWeightSums(scope, {
          surveyId: weighted.surveyId,
          metric: q.metric as WeightedRollupMetric,
          months,
          unitIds: parent ? [...ids, parent.id] : ids,
          units,
        })
      : null,
  ])
  const complaintsOf = (unitId: string, month: string) =>
    complaintsByMonth.get(unitId)?.get(month)?.complaints ?? 0
  if (weightSums) {
    return weightedLeague({
      scope,
      tree: { parent, path, hasChildren, children, period, months, periodMonths },
      q,
      weighted: weighted!,
      weightSums,
      targets,
      complaintsOf,
    })
  }
  const figures = new Map(
    [...monthly].map(([id, byMonth]) => {
      const total = emptyMoments()
      for (const [month, f] of byMonth) {
        if (!periodMonths.has(month)) continue
        total.n += f.moments.n
        total.sum += f.moments.sum
        total.sumSquares += f.moments.sumSquares
      }
      return [id, figureOf(total)]
    }),
  )
  const table = leagueTable(
    children.map((c) => figures.get(c.id)!.moments),
    {
      minN: q.minN,
      range: METRIC_RANGES[q.metric],
      higherIsBetter: !LOWER_IS_BETTER_METRICS.includes(q.metric),
    },
  )
  const targetByUnit = new Map(targets.map((t) => [t.unitId, t.value]))
  const rows = children.map((child, i) => ({
    unitId: child.id,
    code: child.code,
    nameZh: child.nameZh,
    nameEn: child.nameEn,
    type: child.type,
    hasChildren: hasChildren.has(child.id),
    ...table.rows[i]!,
    target: targetByUnit.get(child.id) ?? null,
    weighting: null,
    complaints: [...periodMonths].reduce((n, month) => n + complaintsOf(child.id, month), 0),
  }))
  sortLeagueRows(rows)
  return {
    parent: parent
      ? { id: parent.id, code: parent.code, nameZh: parent.nameZh, nameEn: parent.nameEn }
      : null,
    path,
    parentFigure: parent
      ? { value: figures.get(parent.id)?.value ?? null, n: figures.get(parent.id)?.n ?? 0 }
      : null,
    metric: q.metric,
    period,
    minN: table.minN,
    grandMean: table.grandMean,
    shrinkageApplied: table.shrinkageApplied,
    weighted: null,
    rows,
    months,
    heatMap: rows.map((row) => ({
      unitId: row.unitId,
      cells: months.map((month) => {
        const f = monthly.get(row.unitId)?.get(month)
        return {
          value: f?.value ?? null,
          n: f?.n ?? 0,
          complaints: complaintsOf(row.unitId, month),
        }
      }),
    })),
  }
}

type LeagueRowOut = League['rows'][number]

/** Ranked rows first (by rank), then the rest by n and code. */
function sortLeagueRows(rows: LeagueRowOut[]): void {
  rows.sort((a, b) => {
    if (a.rank !== null && b.rank !== null) return a.rank - b.rank
    if (a.rank !== null) return -1
    if (b.rank !== null) return 1
    return b.n - a.n || a.code.localeCompare(b.code)
  })
}

/**
 * The survey a weighted league (or target progress) reads, refused unless it names a weight and
 * the metric is kept weighted (WEIGHTED_ROLLUP_METRICS: NPS, CSAT, CES, CSM and SERVQUAL).
 */
export async function weightedSurvey(
  scope: Scope,
  surveyId: string,
  metric: string,
): Promise<{ surveyId: string; weightField: string }> {
  const survey = await getSurvey(scope, surveyId)
  const weightField = survey.settings.weightField
  if (!weightField)
    throw new ValidationError(
      'VALIDATION_FAILED',
      'This survey has no respondent weight (settings.weightField); leave surveyId out for the league of every survey.',
      [{ path: 'surveyId', reason: 'survey has no weight field', rule: 'invalid' }],
    )
  if (!(WEIGHTED_ROLLUP_METRICS as readonly string[]).includes(metric))
    throw new ValidationError(
      'VALIDATION_FAILED',
      `Weighted figures are kept for NPS, CSAT, CES, CSM and SERVQUAL; ${metric} is not kept weighted.`,
      [
        {
          path: 'metric',
          reason: 'not kept weighted',
          allowed: WEIGHTED_ROLLUP_METRICS.join(', '),
          rule: 'invalid',
        },
      ],
    )
  return { surveyId, weightField }
}

/** answers, weighted, Σw, Σw², Σw·x, Σw·x² as the league's weighted moments. */
function weightedMoments(values: readonly number[] | undefined): WeightedUnitMoments {
  const [, weighted = 0, weightSum = 0, weightSquares = 0, weightedSum = 0, weightedSquares = 0] =
    values ?? []
  return { n: weighted, weightSum, weightSquares, weightedSum, weightedSquares }
}

function addValues(into: number[], values: readonly number[] | undefined): void {
  values?.forEach((v, i) => (into[i] = (into[i] ?? 0) + v))
}

/**
 * The league of a weighted survey: each child's weighted figure over its subtree with Kish's
 * effective n, raw and shrunk side by side (weightedLeagueTable), the answers without a valid
 * weight named per row; the heat map's cells are weighted too (n = effective n, rounded).
 */
function weightedLeague(input: {
  scope: Scope
  tree: {
    parent: UnitOutline | null
    path: League['path']
    hasChildren: Set<string>
    children: UnitOutline[]
    period: string
    months: string[]
    periodMonths: Set<string>
  }
  q: { metric: League['metric']; minN: number }
  weighted: { surveyId: string; weightField: string }
  weightSums: Map<string, Map<string, number[]>>
  targets: Array<{ unitId: string; value: number }>
  complaintsOf: (unitId: string, month: string) => number
}): League {
  const { tree, q, weightSums, complaintsOf } = input
  const periodTotal = (unitId: string): number[] => {
    const total = [0, 0, 0, 0, 0, 0]
    for (const [month, values] of weightSums.get(unitId) ?? [])
      if (tree.periodMonths.has(month)) addValues(total, values)
    return total
  }
  const totals = tree.children.map((c) => periodTotal(c.id))
  const table = weightedLeagueTable(totals.map(weightedMoments), {
    minN: q.minN,
    range: METRIC_RANGES[q.metric],
    higherIsBetter: !LOWER_IS_BETTER_METRICS.includes(q.metric),
  })
  const targetByUnit = new Map(input.targets.map((t) => [t.unitId, t.value]))
  const rows: LeagueRowOut[] = tree.children.map((child, i) => {
    const { answers: _, effectiveN, ...row } = table.rows[i]!
    return {
      unitId: child.id,
      code: child.code,
      nameZh: child.nameZh,
      nameEn: child.nameEn,
      type: child.type,
      hasChildren: tree.hasChildren.has(child.id),
      ...row,
      target: targetByUnit.get(child.id) ?? null,
      weighting: {
        answers: totals[i]![0]!,
        unweighted: totals[i]![0]! - totals[i]![1]!,
        effectiveN,
      },
      complaints: [...tree.periodMonths].reduce((n, month) => n + complaintsOf(child.id, month), 0),
    }
  })
  sortLeagueRows(rows)
  const figure = (values: readonly number[] | undefined) => {
    const m = weightedMoments(values)
    return {
      value: m.weightSum > 0 ? m.weightedSum / m.weightSum : null,
      n: kishEffectiveN(m.weightSum, m.weightSquares),
    }
  }
  const parentFigure = tree.parent ? figure(periodTotal(tree.parent.id)) : null
  return {
    parent: tree.parent
      ? {
          id: tree.parent.id,
          code: tree.parent.code,
          nameZh: tree.parent.nameZh,
          nameEn: tree.parent.nameEn,
        }
      : null,
    path: tree.path,
    parentFigure,
    metric: q.metric,
    period: tree.period,
    minN: table.minN,
    grandMean: table.grandMean,
    shrinkageApplied: table.shrinkageApplied,
    weighted: input.weighted,
    rows,
    months: tree.months,
    heatMap: rows.map((row) => ({
      unitId: row.unitId,
      cells: tree.months.map((month) => {
        const f = figure(weightSums.get(row.unitId)?.get(month))
        return { value: f.value, n: Math.round(f.n), complaints: complaintsOf(row.unitId, month) }
      }),
    })),
  }
}
