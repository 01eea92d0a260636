import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { startOfLocalDay } from '../shared/timezone.js'
import { unitById, unitSubtreeIds, unitTreeChangesBetween } from '../units/unit.service.js'
import { mergeDays, type DayCounts } from './summary-rollup.js'
import { unitDayCounts } from './unit-rollup.repository.js'

/**
 * A unit's figures with everything below it, summed from the per-unit daily counts at READ time:
 * each day's counts follow the tree as it stood at the end of that day (a unit moved or closed
 * later still counts where it was then), or, with `recut`, today's tree for the whole history.
 * Nothing is rewritten when the tree changes. Only the units the reader may see (Scope.units)
 * are summed.
 */
export interface UnitRollupWindow {
  /** Local days (days since 1970-01-01 on the organisation's calendar), from inclusive, to exclusive. */
  fromDay: number
  toDay: number
  surveyId?: string | undefined
  /** Re-cut history to today's tree instead of the tree as it stood each day. */
  recut?: boolean | undefined
}

/** Per local day, the unit's and its descendants' counts summed (days without answers left out). */
export async function unitRollupDays(
  scope: Scope,
  unitId: string,
  window: UnitRollupWindow,
): Promise<DayCounts[]> {
  requirePermission(scope.actor, 'responses:read')
  // A unit outside the reader's units is not found either.
  const isVisible = scope.units === undefined || scope.units.includes(unitId)
  if (!isVisible || !(await unitById(scope, unitId)))
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [
      { path: 'unitId', reason: 'unknown unit' },
    ])
  const visible = scope.units === undefined ? null : new Set(scope.units)
  const allowed = (ids: readonly string[]) => (visible ? ids.filter((id) => visible.has(id)) : ids)
  if (window.recut) {
    const ids = allowed(await unitSubtreeIds(scope, [unitId], scope.now))
    const rows = await unitDayCounts(scope.db, scope.orgId, { ...window, unitIds: ids })
    return mergeDays(rows)
  }
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const rows = await unitDayCounts(scope.db, scope.orgId, {
    ...window,
    ...(visible ? { unitIds: [...visible] } : {}),
  })
  // The tree as it stood at the end of each day that has answers: read again only after a day
  // in whose stretch the tree changed (a unit created, moved or closed), else the same as before.
  const days = [...new Set(rows.map((r) => r.day))].sort((x, y) => x - y)
  const endOf = (day: number) => startOfLocalDay(day + 1, timezone) - 1
  const changes =
    days.length < 2
      ? []
      : await unitTreeChangesBetween(scope, endOf(days[0]!) + 1, endOf(days.at(-1)!) + 1)
  const subtreeOfDay = new Map<number, Set<string>>()
  let current: Set<string> | null = null
  let currentEnd = 0
  for (const day of days) {
    const end = endOf(day)
    if (current === null || changes.some((c) => c > currentEnd && c <= end))
      current = new Set(await unitSubtreeIds(scope, [unitId], end))
    currentEnd = end
    subtreeOfDay.set(day, current)
  }
  return mergeDays(rows.filter((r) => subtreeOfDay.get(r.day)!.has(r.unitId)))
}

/**
 * The per-unit daily counts as stored (not rolled up): per unit and local day, summed over
 * surveys unless `surveyId`, counts in DAILY_COUNT_COLUMNS order (answers, then nps_0 … ces_7).
 * For callers that roll up themselves (league tables, targets). Units outside the reader's
 * (Scope.units) are left out.
 */
export async function unitDailyCountTotals(
  scope: Scope,
  q: { unitIds: readonly string[]; fromDay: number; toDay: number; surveyId?: string },
): Promise<Array<{ unitId: string; localDay: number; counts: number[] }>> {
  requirePermission(scope.actor, 'responses:read')
  const unitIds =
    scope.units === undefined ? q.unitIds : q.unitIds.filter((id) => scope.units!.includes(id))
  const rows = await unitDayCounts(scope.db, scope.orgId, { ...q, unitIds })
  return rows.map((row) => ({
    unitId: row.unitId,
    localDay: row.day,
    counts: [row.responses, ...row.nps.counts, ...row.csat.counts, ...row.ces.counts],
  }))
}
