import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { requireVisibleUnit, rowsInSubtree } from '../responses/unit-rollup.service.js'
import { complaintDayCounts, groupComplaintMonths } from './feedback-unit-rollup.repository.js'

/**
 * Complaint counts per unit from the complaint roll-ups (migration 0036), summed up the unit tree
 * at read time like the answers' (src/responses/unit-rollup.service.ts): each day follows the tree
 * as it stood at the end of that day or, with `recut`, today's. Only the units the reader may see
 * (Scope.units) are counted.
 */

export interface UnitComplaintDay {
  day: number
  feedback: number
  complaints: number
}

/** Per local day in [fromDay, toDay), a unit's and its descendants' records and complaints. */
export async function unitComplaintDays(
  scope: Scope,
  unitId: string,
  window: { fromDay: number; toDay: number; recut?: boolean | undefined },
): Promise<UnitComplaintDay[]> {
  await requireVisibleUnit(scope, unitId)
  const rows = await complaintDayCounts(scope.db, scope.orgId, {
    ...window,
    ...(scope.units === undefined ? {} : { unitIds: scope.units }),
  })
  const byDay = new Map<number, UnitComplaintDay>()
  for (const row of await rowsInSubtree(scope, unitId, rows, window.recut ?? false)) {
    const day = byDay.get(row.day) ?? { day: row.day, feedback: 0, complaints: 0 }
    day.feedback += row.feedback
    day.complaints += row.complaints
    byDay.set(row.day, day)
  }
  return [...byDay.values()].sort((a, b) => a.day - b.day)
}

/**
 * Per group and local month (months since 1970-01) in [fromMonth, toMonth): records and
 * complaints over the units the caller maps to each group (`members`: [unit id, group id]),
 * summed in SQL from the monthly roll-up. Units outside the reader's are left out.
 */
export async function groupMonthlyComplaints(
  scope: Scope,
  q: {
    fromMonth: number
    toMonth: number
    members: ReadonlyArray<readonly [string, string]>
  },
): Promise<Array<{ groupId: string; month: number; feedback: number; complaints: number }>> {
  requirePermission(scope.actor, 'responses:read')
  const visible = scope.units === undefined ? null : new Set(scope.units)
  const members = visible ? q.members.filter(([unitId]) => visible.has(unitId)) : q.members
  if (members.length === 0) return []
  return groupComplaintMonths(scope.db, scope.orgId, { ...q, members })
}
