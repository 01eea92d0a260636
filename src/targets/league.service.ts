import { leagueTable } from '../analytics/empirical-bayes-league.js'
import { requirePermission } from '../auth/permission.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
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
    if (!parent) {
      throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${q.parentId} in this organisation.`, [], {
        id: q.parentId,
      })
    }
  }
  const hasChildren = new Set(units.filter((u) => u.parentId !== null).map((u) => u.parentId!))
  const children = units.filter(
    (u) =>
      u.parentId === (parent?.id ?? null) &&
      u.closedAt === null &&
      isRecordWithinUnits(scope, u.id),
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
  const [monthly, complaintsByMonth, targets] = await Promise.all([
    readers.monthly(scope, {
      metric: q.metric,
      months,
      unitIds: parent ? [...ids, parent.id] : ids,
      units,
    }),
    monthlyComplaints(scope, { months, unitIds: ids, units }),
    listTargetRows(scope.db, scope.orgId, { period, metric: q.metric, unitIds: ids }),
  ])
  const complaintsOf = (unitId: string, month: string) =>
    complaintsByMonth.get(unitId)?.get(month)?.complaints ?? 0
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
    complaints: [...periodMonths].reduce((n, month) => n + complaintsOf(child.id, month), 0),
  }))
  rows.sort((a, b) => {
    if (a.rank !== null && b.rank !== null) return a.rank - b.rank
    if (a.rank !== null) return -1
    if (b.rank !== null) return 1
    return b.n - a.n || a.code.localeCompare(b.code)
  })
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
