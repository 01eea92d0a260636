import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { startOfLocalDay } from '../shared/timezone.js'
import { customerCountsBefore, transactionCountsBetween } from './customer-base.repository.js'

/**
 * The bases of complaint rates (抱怨率) per unit and local month: the customers a unit had at the
 * month's end (or now, for the month under way) and the purchases it saw in the month. Counts
 * only, no customer is named, so reading them needs what reading the league table needs
 * (responses:read), not access to customers. Units outside the reader's (Scope.units) are left out.
 */

export interface UnitCustomerMonth {
  unitId: string
  /** Local month, months since 1970-01 (January 1970 = 0). */
  month: number
  /** Customers first met at the unit by the month's end (or now), not merged into another. */
  customers: number
  /** Purchases (transactions that are not refunds) at the unit in the month. */
  transactions: number
}

const DAY_MS = 86_400_000

function firstDayOf(month: number): number {
  return Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS
}

/** Per unit and local month in [fromMonth, toMonth): its customers and purchases (not rolled up). */
export async function unitMonthlyCustomerBase(
  scope: Scope,
  q: { fromMonth: number; toMonth: number },
): Promise<UnitCustomerMonth[]> {
  requirePermission(scope.actor, 'responses:read')
  if (q.toMonth <= q.fromMonth) return []
  const timeZone = await organisationTimezone(scope)
  const months = Array.from({ length: q.toMonth - q.fromMonth }, (_, i) => q.fromMonth + i)
  const bounds = [q.fromMonth, ...months.map((m) => m + 1)].map((m) =>
    startOfLocalDay(firstDayOf(m), timeZone),
  )
  // A month's base is counted at its end, or now while it is under way.
  const ends = bounds.slice(1).map((end) => Math.min(end, scope.now + 1))
  const unitIds = scope.units
  const [customers, transactions] = await Promise.all([
    customerCountsBefore(scope.db, scope.orgId, { ends, unitIds }),
    transactionCountsBetween(scope.db, scope.orgId, { bounds, unitIds }),
  ])
  const out = new Map<string, UnitCustomerMonth>()
  const entry = (unitId: string, i: number) => {
    const key = `${unitId}|${i}`
    let e = out.get(key)
    if (!e) {
      e = { unitId, month: months[i]!, customers: 0, transactions: 0 }
      out.set(key, e)
    }
    return e
  }
  for (const row of customers)
    row.counts.forEach((c, i) => {
      if (c > 0) entry(row.unitId, i).customers = c
    })
  for (const row of transactions)
    row.counts.forEach((c, i) => {
      if (c > 0) entry(row.unitId, i).transactions = c
    })
  return [...out.values()]
}
