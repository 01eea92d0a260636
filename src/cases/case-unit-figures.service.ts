import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { localDayOf, startOfLocalDay } from '../shared/timezone.js'
import { caseOutcomeRows, complaintCountsBetween } from './case-unit.repository.js'
import type { CaseStatus } from './case-workflow.js'
import { slaOutcome } from './sla-compliance.js'

/**
 * Case figures per unit and local month for league tables, heat maps and targets, computed from
 * the case table at READ time because they depend on time: a case's SLA outcome (sla-compliance.ts)
 * is pending until it is resolved or a deadline passes, and a recovery is known once the follow-up
 * survey is answered. A case counts in the month it was opened (the organisation's calendar).
 */

export interface UnitCaseMonth {
  unitId: string
  /** Local month, months since 1970-01 (January 1970 = 0). */
  month: number
  /** Cases whose SLA outcome is known (met + missed): compliance's denominator. */
  slaDue: number
  slaMet: number
  /** Cases whose follow-up survey was answered: the recovery rate's denominator. */
  followedUp: number
  /** Of those, the customer said they were satisfied. */
  recovered: number
}

const DAY_MS = 86_400_000

function monthOfDay(day: number): number {
  const date = new Date(day * DAY_MS)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}

function firstDayOf(month: number): number {
  return Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS
}

/**
 * Per unit and local month in [fromMonth, toMonth), the SLA outcomes (as of scope.now) and the
 * recoveries of the cases opened then, as stored per unit (not rolled up). Only cases of the units
 * the reader may see (Scope.units) are counted.
 */
export async function unitMonthlyCaseOutcomes(
  scope: Scope,
  q: { fromMonth: number; toMonth: number },
): Promise<UnitCaseMonth[]> {
  requirePermission(scope.actor, 'cases:read')
  if (q.toMonth <= q.fromMonth) return []
  const timeZone = await organisationTimezone(scope)
  const rows = await caseOutcomeRows(scope.db, scope.orgId, {
    from: startOfLocalDay(firstDayOf(q.fromMonth), timeZone),
    before: startOfLocalDay(firstDayOf(q.toMonth), timeZone),
    unitIds: scope.units,
  })
  const out = new Map<string, UnitCaseMonth>()
  for (const row of rows) {
    const month = monthOfDay(localDayOf(row.createdAt, timeZone))
    const key = `${row.unitId}|${month}`
    let figures = out.get(key)
    if (!figures) {
      figures = { unitId: row.unitId, month, slaDue: 0, slaMet: 0, followedUp: 0, recovered: 0 }
      out.set(key, figures)
    }
    const outcome = slaOutcome({ ...row, status: row.status as CaseStatus }, scope.now)
    if (outcome !== 'pending') figures.slaDue++
    if (outcome === 'met') figures.slaMet++
    if (row.followUpSatisfied !== null) {
      figures.followedUp++
      if (row.followUpSatisfied === 1) figures.recovered++
    }
  }
  return [...out.values()]
}

/**
 * Per unit (null: cases without a unit, for a reader limited to no units) and local month in
 * [fromMonth, toMonth), the complaints (cases of kind complaint) opened then: the numerator of the
 * enterprise CSI's 抱怨率. One grouped query; only the reader's units (Scope.units) are counted.
 */
export async function unitMonthlyComplaintCases(
  scope: Scope,
  q: { fromMonth: number; toMonth: number },
): Promise<Array<{ unitId: string | null; month: number; complaints: number }>> {
  requirePermission(scope.actor, 'cases:read')
  if (q.toMonth <= q.fromMonth) return []
  const timeZone = await organisationTimezone(scope)
  const months = Array.from({ length: q.toMonth - q.fromMonth }, (_, i) => q.fromMonth + i)
  const bounds = [q.fromMonth, ...months.map((m) => m + 1)].map((m) =>
    startOfLocalDay(firstDayOf(m), timeZone),
  )
  const rows = await complaintCountsBetween(scope.db, scope.orgId, { bounds, unitIds: scope.units })
  return rows.flatMap((row) =>
    row.counts.flatMap((complaints, i) =>
      complaints > 0 ? [{ unitId: row.unitId, month: months[i]!, complaints }] : [],
    ),
  )
}
