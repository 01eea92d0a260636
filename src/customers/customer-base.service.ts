import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { startOfLocalDay } from '../shared/timezone.js'
import {
  buyersInWindows,
  customerCountsBefore,
  salesBetween,
  transactionCountsBetween,
} from './customer-base.repository.js'

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

/** Sales of one unit (null: transactions without a unit) in one local month. */
export interface UnitSalesMonth {
  unitId: string | null
  /** Local month, months since 1970-01 (January 1970 = 0). */
  month: number
  /** Purchases: transactions that are not refunds. */
  purchases: number
  /** Their amounts summed. */
  amount: number
  /** Refunds' amounts summed, as a positive figure. */
  refunds: number
  /** amount − refunds: what the unit kept (the sales figure of 销售力). */
  net: number
}

/** Local month bounds [fromMonth, toMonth) as instants on the organisation's calendar. */
async function monthBounds(scope: Scope, fromMonth: number, toMonth: number) {
  const timeZone = await organisationTimezone(scope)
  const months = Array.from({ length: toMonth - fromMonth }, (_, i) => fromMonth + i)
  return {
    months,
    bounds: [fromMonth, ...months.map((m) => m + 1)].map((m) =>
      startOfLocalDay(firstDayOf(m), timeZone),
    ),
  }
}

/**
 * Per transaction unit and local month in [fromMonth, toMonth), the sales: purchases, their
 * amount, refunds and net amount — one grouped query, only months with a transaction. A reader
 * limited to units (Scope.units) sees only those units' transactions; an unlimited reader also
 * those without a unit (unitId null). Totals only, no customer is named: responses:read suffices,
 * as for the customer base above.
 */
export async function unitMonthlySales(
  scope: Scope,
  q: { fromMonth: number; toMonth: number },
): Promise<UnitSalesMonth[]> {
  requirePermission(scope.actor, 'responses:read')
  if (q.toMonth <= q.fromMonth) return []
  const { months, bounds } = await monthBounds(scope, q.fromMonth, q.toMonth)
  const rows = await salesBetween(scope.db, scope.orgId, { bounds, unitIds: scope.units })
  const out: UnitSalesMonth[] = []
  for (const row of rows)
    months.forEach((month, i) => {
      const purchases = row.purchases[i]!
      const amount = row.amount[i]!
      const refunds = row.refunds[i]!
      if (purchases === 0 && amount === 0 && refunds === 0) return
      out.push({ unitId: row.unitId, month, purchases, amount, refunds, net: amount - refunds })
    })
  return out
}

/**
 * Per customer unit (null: customers without one, for an unlimited reader), the customers who
 * bought in the local months [fromMonth, toMonth) and those who bought more than once — the
 * repurchase rate's counts (回头率, as retentionReport counts them) for every unit in one query.
 */
export async function unitBuyers(
  scope: Scope,
  q: { fromMonth: number; toMonth: number },
): Promise<Array<{ unitId: string | null; buyers: number; repeat: number }>> {
  return (await unitBuyersByWindow(scope, [q])).map((r) => ({
    unitId: r.unitId,
    buyers: r.buyers[0]!,
    repeat: r.repeat[0]!,
  }))
}

/**
 * unitBuyers for several windows of local months at once (a trend's rolling periods), in one
 * grouped query: per customer unit, buyers and repeat buyers in the order of `windows`.
 */
export async function unitBuyersByWindow(
  scope: Scope,
  windows: ReadonlyArray<{ fromMonth: number; toMonth: number }>,
): Promise<Array<{ unitId: string | null; buyers: number[]; repeat: number[] }>> {
  requirePermission(scope.actor, 'responses:read')
  const valid = windows.filter((w) => w.toMonth > w.fromMonth)
  if (valid.length === 0) return []
  const timeZone = await organisationTimezone(scope)
  const start = (month: number) => startOfLocalDay(firstDayOf(month), timeZone)
  const rows = await buyersInWindows(scope.db, scope.orgId, {
    windows: windows.map((w) =>
      w.toMonth > w.fromMonth
        ? { from: start(w.fromMonth), to: start(w.toMonth) }
        : { from: 0, to: 0 },
    ),
    unitIds: scope.units,
  })
  return rows
}
