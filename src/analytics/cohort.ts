import { ValidationError } from '../shared/errors.js'
import { valueOutOfRange } from './input-checks.js'
import { meanIntervalWithinRange } from './mean-bootstrap-interval.js'
import { wilsonInterval } from './proportion-interval.js'

/**
 * Retention and repeat-purchase figures from transactions, pure. Shares carry Wilson 95% intervals
 * (Wilson 1927; proportion-interval.ts), mean spend a BCa bootstrap interval that never leaves
 * the spends' range (mean-bootstrap-interval.ts). Cohorts follow the usual cohort
 * analysis of customer bases (Fader & Hardie 2009, "Probability Models for Customer-Base
 * Analysis", J. Interactive Marketing 23(1)): a customer belongs to the period of their first
 * purchase, and retention k periods later is the share of the cohort buying in that period.
 */

export interface Purchase {
  customer: string
  /** Whole period number (e.g. months since an origin). */
  period: number
}

export interface CohortRow {
  cohort: number
  size: number
  /** retention[k]: share of the cohort buying in period cohort + k (k = 0 is 1 by definition). */
  retention: { k: number; active: number; share: number; ci95: [number, number] }[]
}

function checkPeriods(purchases: readonly Purchase[]): void {
  purchases.forEach((p, i) => {
    if (!Number.isInteger(p.period))
      throw valueOutOfRange(
        `purchases[${i}].period`,
        `purchases[${i}].period ${p.period} is not a whole period number.`,
        'whole numbers',
      )
  })
}

/** Cohort retention table up to the last period in the data. */
export function cohortRetention(purchases: readonly Purchase[]): CohortRow[] {
  checkPeriods(purchases)
  const periodsOf = new Map<string, Set<number>>()
  for (const p of purchases) {
    const set = periodsOf.get(p.customer) ?? new Set<number>()
    set.add(p.period)
    periodsOf.set(p.customer, set)
  }
  const last = Math.max(...purchases.map((p) => p.period))
  const cohorts = new Map<number, Set<number>[]>()
  for (const set of periodsOf.values()) {
    const first = Math.min(...set)
    cohorts.set(first, [...(cohorts.get(first) ?? []), set])
  }
  return [...cohorts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([cohort, members]) => ({
      cohort,
      size: members.length,
      retention: Array.from({ length: last - cohort + 1 }, (_, k) => {
        const active = members.filter((s) => s.has(cohort + k)).length
        return {
          k,
          active,
          share: active / members.length,
          ci95: wilsonInterval(active, members.length)!,
        }
      }),
    }))
}

export interface CohortCount {
  cohort: number
  period: number
  /** Customers of the cohort buying in the period (the cohort's own period: its size). */
  active: number
}

/**
 * The same table as cohortRetention from counts already aggregated (e.g. by SQL): one row per
 * cohort and period with a purchase; the periods without one are 0, up to the last period.
 */
export function cohortRetentionFromCounts(counts: readonly CohortCount[]): CohortRow[] {
  counts.forEach((c, i) => {
    if (!(Number.isInteger(c.cohort) && Number.isInteger(c.period) && c.period >= c.cohort))
      throw valueOutOfRange(
        `counts[${i}]`,
        `counts[${i}] has period ${c.period} before its cohort ${c.cohort} or not whole.`,
        'whole periods from the cohort on',
      )
    if (!(Number.isInteger(c.active) && c.active > 0))
      throw valueOutOfRange(
        `counts[${i}].active`,
        `counts[${i}].active ${c.active} must be ≥ 1.`,
        '≥ 1',
      )
  })
  if (counts.length === 0) return []
  const last = Math.max(...counts.map((c) => c.period))
  const cohorts = new Map<number, Map<number, number>>()
  for (const c of counts) {
    const periods = cohorts.get(c.cohort) ?? new Map<number, number>()
    periods.set(c.period, c.active)
    cohorts.set(c.cohort, periods)
  }
  return [...cohorts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([cohort, periods]) => {
      const size = periods.get(cohort)
      if (size === undefined)
        throw valueOutOfRange(
          'counts',
          `Cohort ${cohort} has no row for its own period.`,
          'a row per cohort at its period',
        )
      return {
        cohort,
        size,
        retention: Array.from({ length: last - cohort + 1 }, (_, k) => {
          const active = periods.get(cohort + k) ?? 0
          return { k, active, share: active / size, ci95: wilsonInterval(active, size)! }
        }),
      }
    })
}

/** Repurchase rate from the counts: `repeat` of `customers` bought more than once. */
export function repurchaseFromCounts(
  customers: number,
  repeat: number,
): { customers: number; repeat: number; rate: number; ci95: [number, number] } {
  if (!(Number.isInteger(customers) && customers > 0))
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      'No purchases to compute a repurchase rate from.',
      [{ path: 'customers', reason: 'empty', allowed: 'at least one customer' }],
    )
  if (!(Number.isInteger(repeat) && repeat >= 0 && repeat <= customers))
    throw valueOutOfRange(
      'repeat',
      `${repeat} repeat customers of ${customers} is impossible.`,
      `0–${customers}`,
    )
  return { customers, repeat, rate: repeat / customers, ci95: wilsonInterval(repeat, customers)! }
}

/** Share of customers who bought more than once (回头率), with its Wilson interval. */
export function repurchaseRate(purchases: readonly Purchase[]): {
  customers: number
  repeat: number
  rate: number
  ci95: [number, number]
} {
  const counts = new Map<string, number>()
  for (const p of purchases) counts.set(p.customer, (counts.get(p.customer) ?? 0) + 1)
  const customers = counts.size
  if (customers === 0)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      'No purchases to compute a repurchase rate from.',
      [{ path: 'purchases', reason: 'empty', allowed: 'at least one purchase' }],
    )
  const repeat = [...counts.values()].filter((c) => c > 1).length
  return { customers, repeat, rate: repeat / customers, ci95: wilsonInterval(repeat, customers)! }
}

/**
 * Complaint rate (抱怨率) per 10,000 customers (or transactions): complainants / base × 10,000,
 * with the Wilson interval of the share scaled the same way. Refuses more complainants than base.
 */
export function complaintRate(
  complainants: number,
  base: number,
  per = 10000,
): { rate: number; ci95: [number, number] } {
  if (!(Number.isInteger(base) && base > 0))
    throw valueOutOfRange(
      'base',
      `The base ${base} must be a whole number above 0.`,
      'whole numbers ≥ 1',
    )
  if (!(Number.isInteger(complainants) && complainants >= 0 && complainants <= base))
    throw valueOutOfRange(
      'complainants',
      `${complainants} complainants out of a base of ${base} is impossible.`,
      `0–${base}`,
    )
  const [lo, hi] = wilsonInterval(complainants, base)!
  return { rate: (complainants / base) * per, ci95: [lo * per, hi * per] }
}

export interface BehaviourRow {
  /** The group: an NPS group (promoter, passive, detractor), or recovered / unrecovered complaint. */
  group: string
  repurchased: boolean
  spend: number
}

/**
 * Repurchase rate (Wilson interval) and mean spend (BCa bootstrap interval, ≥ 0) by group, from rows already joined
 * (answer or complaint → the customer's later behaviour); groups in first-seen order.
 */
export function behaviourByGroup(rows: readonly BehaviourRow[]): {
  group: string
  n: number
  repurchaseRate: number
  repurchaseCi95: [number, number]
  meanSpend: number
  spendCi95: [number, number] | null
}[] {
  rows.forEach((r, i) => {
    if (!(Number.isFinite(r.spend) && r.spend >= 0))
      throw valueOutOfRange(
        `rows[${i}].spend`,
        `rows[${i}].spend ${r.spend} must be a value ≥ 0.`,
        '≥ 0',
      )
  })
  const groups = new Map<string, BehaviourRow[]>()
  for (const r of rows) groups.set(r.group, [...(groups.get(r.group) ?? []), r])
  return [...groups.entries()].map(([group, members]) => {
    const n = members.length
    const repeat = members.filter((m) => m.repurchased).length
    const mean = members.reduce((s, m) => s + m.spend, 0) / n
    return {
      group,
      n,
      repurchaseRate: repeat / n,
      repurchaseCi95: wilsonInterval(repeat, n)!,
      meanSpend: mean,
      spendCi95: meanIntervalWithinRange(members.map((m) => m.spend)),
    }
  })
}
