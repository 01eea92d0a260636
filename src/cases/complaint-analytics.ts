import { z } from 'zod'
import { paretoOf, quantileSorted } from '../analytics/pareto.js'
import { wilsonInterval } from '../analytics/proportion-interval.js'
import { requirePermission } from '../auth/roles.js'
import type { Scope } from '../db/scope.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { businessMinutesBetween } from './business-calendar.js'
import { loadCaseConfig } from './case-config.js'
import type { ComplaintAnalytics, TimeStats, SlaRow } from './case.schema.js'
import { caseNumber, isBreached } from './case.service.js'
import { PAID_COMPENSATION_STATUSES } from './compensation-authority.js'
import { employeeScorecards } from './employee-scorecard.js'

/**
 * The complaint database read for patterns: which causes dominate (Pareto),
 * who complains again, how fast the first response and resolution come, how
 * well each department and employee keeps the SLA, how often recovery works,
 * and what it costs. Every figure names the filter that lists its cases.
 */

export const ComplaintQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  department: z.string().optional(),
})

const BUCKETS: Array<[string, number]> = [
  ['<1h', 60],
  ['1–4h', 240],
  ['4–8h', 480],
  ['8–24h', 1440],
  ['24–72h', 4320],
  ['≥72h', Infinity],
]

function timeStats(minutes: number[]): TimeStats {
  const sorted = [...minutes].sort((a, b) => a - b)
  const histogram = BUCKETS.map(([bucket, upper], i) => ({
    bucket,
    count: sorted.filter((m) => m < upper && m >= (i === 0 ? -Infinity : BUCKETS[i - 1]![1]))
      .length,
  }))
  return {
    n: sorted.length,
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    histogram,
  }
}

export async function analyzeComplaints(scope: Scope, input: unknown): Promise<ComplaintAnalytics> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(ComplaintQuerySchema, input, 'query')
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  const tz = config.calendar.timezone
  let query = scope.db
    .selectFrom('cases as c')
    .innerJoin('feedback as f', 'f.id', 'c.feedback_id')
    .selectAll('c')
    .select(['f.customer_email', 'f.customer_phone'])
    .where('c.org_id', '=', scope.orgId)
    .where('c.created_at', '>=', startOfLocalDate(q.from, tz))
    .where('c.created_at', '<', startOfLocalDate(q.to, tz) + 86_400_000)
  if (q.department) query = query.where('c.department', '=', q.department)
  const rows = await query.orderBy('c.number').execute()
  const users = await scope.db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('org_id', '=', scope.orgId)
    .execute()
  const nameOf = new Map(users.map((u) => [u.id, u.display_name]))
  const labelOf = new Map(config.causes.map((c) => [c.key, c.label['zh-CN']]))

  const causeCounts = new Map<string, number>()
  for (const r of rows) if (r.cause) causeCounts.set(r.cause, (causeCounts.get(r.cause) ?? 0) + 1)
  const pareto = paretoOf([...causeCounts].map(([key, count]) => ({ key, count }))).map((p) => ({
    ...p,
    label: labelOf.get(p.key) ?? p.key,
  }))

  // Repeat complaints: the same customer (reference, else e-mail or phone) with two or more cases.
  const byCustomer = new Map<string, string[]>()
  for (const r of rows) {
    const who = r.customer_ref ?? r.customer_email ?? r.customer_phone
    if (who) byCustomer.set(who, [...(byCustomer.get(who) ?? []), caseNumber(r.number)])
  }
  const repeatCustomers = [...byCustomer]
    .filter(([, n]) => n.length >= 2)
    .map(([customer, numbers]) => ({ customer, cases: numbers.length, numbers }))
    .sort((a, b) => b.cases - a.cases)
    .slice(0, 50)

  const working = (from: number, to: number) => businessMinutesBetween(from, to, config.calendar)
  const firstResponse = timeStats(
    rows
      .filter((r) => r.first_responded_at !== null)
      .map((r) => working(Number(r.created_at), Number(r.first_responded_at))),
  )
  const resolution = timeStats(
    rows
      .filter((r) => r.resolved_at !== null)
      .map((r) => working(Number(r.created_at), Number(r.resolved_at))),
  )

  const sla = (
    keyOf: (r: (typeof rows)[number]) => string | null,
    nameOfKey: (k: string) => string,
  ): SlaRow[] => {
    const groups = new Map<string, { cases: number; onTime: number }>()
    for (const r of rows) {
      const key = keyOf(r) ?? '—'
      const g = groups.get(key) ?? { cases: 0, onTime: 0 }
      g.cases++
      if (!isBreached(r, scope.now)) g.onTime++
      groups.set(key, g)
    }
    return [...groups]
      .map(([key, g]) => ({
        key,
        name: nameOfKey(key),
        cases: g.cases,
        onTime: g.onTime,
        compliance: g.cases > 0 ? g.onTime / g.cases : null,
      }))
      .sort((a, b) => (a.compliance ?? 1) - (b.compliance ?? 1))
  }

  const followed = rows.filter((r) => r.follow_up_satisfied !== null)
  const satisfied = followed.filter((r) => r.follow_up_satisfied === 1).length
  const ids = rows.map((r) => r.id)
  const compensations =
    ids.length === 0
      ? []
      : await scope.db
          .selectFrom('compensations')
          .select(['case_id', 'kind', 'amount', 'status'])
          .where('org_id', '=', scope.orgId)
          .where('case_id', 'in', ids)
          .execute()
  const paid = compensations.filter((c) =>
    (PAID_COMPENSATION_STATUSES as readonly string[]).includes(c.status),
  )
  const paidByCase = new Map<string, number>()
  for (const c of paid) paidByCase.set(c.case_id, (paidByCase.get(c.case_id) ?? 0) + c.amount)
  const people = employeeScorecards(
    rows.map((r) => ({
      ownerId: r.owner_id,
      breached: isBreached(r, scope.now),
      firstResponseMinutes:
        r.first_responded_at === null
          ? null
          : working(Number(r.created_at), Number(r.first_responded_at)),
      resolutionMinutes:
        r.resolved_at === null ? null : working(Number(r.created_at), Number(r.resolved_at)),
      followUpSatisfied: r.follow_up_satisfied,
      reopened: Number(r.reopened) > 0,
      compensation: paidByCase.get(r.id) ?? 0,
    })),
  ).map((card) => ({ ...card, name: nameOf.get(card.ownerId) ?? card.ownerId }))
  const byKind = new Map<string, { count: number; amount: number }>()
  for (const c of paid) {
    const k = byKind.get(c.kind) ?? { count: 0, amount: 0 }
    k.count++
    k.amount += c.amount
    byKind.set(c.kind, k)
  }

  return {
    from: q.from,
    to: q.to,
    cases: rows.length,
    open: rows.filter((r) => ['new', 'acknowledged', 'investigating'].includes(r.status)).length,
    breached: rows.filter((r) => isBreached(r, scope.now)).length,
    pareto,
    uncategorised: rows.filter((r) => !r.cause).length,
    repeatCustomers,
    firstResponse,
    resolution,
    slaByDepartment: sla(
      (r) => r.department,
      (k) => k,
    ),
    slaByOwner: sla(
      (r) => r.owner_id,
      (k) => nameOf.get(k) ?? k,
    ),
    people,
    recovery: {
      followedUp: followed.length,
      satisfied,
      rate: followed.length > 0 ? satisfied / followed.length : null,
      interval: wilsonInterval(satisfied, followed.length),
    },
    compensation: {
      total: paid.reduce((s, c) => s + c.amount, 0),
      byKind: [...byKind].map(([kind, v]) => ({ kind, ...v })),
      pendingApproval: compensations.filter((c) => c.status === 'pending_approval').length,
    },
  }
}
