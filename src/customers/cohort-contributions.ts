import { type OffsetSegment, offsetSegments } from './local-months.js'

/**
 * What each customer adds to the cohort cells, from their purchases: one customer in
 * (unit, first-purchase month, month) for every month with a purchase, and one `repeat` on the
 * cohort's own month when they bought more than once — the same definition as the full count in
 * retention.repository.ts (`cohortCounts`), which is the reference the tests hold these to.
 * Months are read on an organisation's calendar with the offset segments of local-months.ts,
 * kept per time zone and widened when a purchase falls outside them (so a writer touching a
 * hundred customers does not sample the zone over their whole history each time).
 */

export interface PurchaseOf {
  customer_id: string
  /** The customer's unit ('' for none). */
  unit_id: string
  occurred_at: number
}

export interface CellDelta {
  unit_id: string
  cohort: number
  month: number
  active: number
  repeat: number
}

const YEAR_MS = 366 * 86_400_000

interface ZoneSegments {
  from: number
  to: number
  segments: OffsetSegment[]
}
const zones = new Map<string, ZoneSegments>()

function segmentsCovering(timeZone: string, first: number, last: number): OffsetSegment[] {
  const known = zones.get(timeZone)
  if (known && known.from <= first && last <= known.to) return known.segments
  // Widen by whole years either side: a later write in the same years needs no new sampling.
  const from = Math.min(known?.from ?? first, first) - YEAR_MS
  const to = Math.max(known?.to ?? last, last) + YEAR_MS
  const segments = offsetSegments(from, to, timeZone)
  zones.set(timeZone, { from, to, segments })
  return segments
}

/** Months since year 0 of an instant on the calendar the segments describe. */
function monthOf(at: number, segments: readonly OffsetSegment[]): number {
  let lo = 0
  let hi = segments.length - 1
  // The last segment starting at or before `at` (the first starts at -Infinity).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (segments[mid]!.from <= at) lo = mid
    else hi = mid - 1
  }
  const local = new Date(at + segments[lo]!.offset)
  return local.getUTCFullYear() * 12 + local.getUTCMonth()
}

const cellKey = (unit: string, cohort: number, month: number) =>
  `${unit}\u0000${cohort}\u0000${month}`

/** The cells the customers of these purchases add (each customer's purchases all given). */
export function cohortContributions(
  purchases: readonly PurchaseOf[],
  timeZone: string,
): Map<string, CellDelta> {
  const cells = new Map<string, CellDelta>()
  if (purchases.length === 0) return cells
  let first = Infinity
  let last = -Infinity
  for (const p of purchases) {
    if (p.occurred_at < first) first = p.occurred_at
    if (p.occurred_at > last) last = p.occurred_at
  }
  const segments = segmentsCovering(timeZone, first, last)
  const customers = new Map<string, { unit: string; months: Set<number>; purchases: number }>()
  for (const p of purchases) {
    const c = customers.get(p.customer_id) ?? { unit: p.unit_id, months: new Set(), purchases: 0 }
    c.months.add(monthOf(p.occurred_at, segments))
    c.purchases++
    customers.set(p.customer_id, c)
  }
  for (const c of customers.values()) {
    const cohort = Math.min(...c.months)
    for (const month of c.months) {
      const key = cellKey(c.unit, cohort, month)
      const cell = cells.get(key) ?? { unit_id: c.unit, cohort, month, active: 0, repeat: 0 }
      cell.active++
      if (month === cohort && c.purchases > 1) cell.repeat++
      cells.set(key, cell)
    }
  }
  return cells
}

/** after − before, cell by cell; cells that do not change are left out. */
export function cellDifference(
  before: ReadonlyMap<string, CellDelta>,
  after: ReadonlyMap<string, CellDelta>,
): CellDelta[] {
  const out = new Map<string, CellDelta>()
  for (const [key, cell] of after) out.set(key, { ...cell })
  for (const [key, cell] of before) {
    const d = out.get(key) ?? { ...cell, active: 0, repeat: 0 }
    d.active -= cell.active
    d.repeat -= cell.repeat
    out.set(key, d)
  }
  return [...out.values()].filter((d) => d.active !== 0 || d.repeat !== 0)
}
