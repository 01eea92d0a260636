import { z } from 'zod'
import { paretoOf, quantileSorted } from '../analytics/pareto.js'
import { wilsonInterval } from '../analytics/proportion-interval.js'
import { requirePermission } from '../auth/permission.service.js'
import { allUserNames } from '../auth/user-directory.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { businessMinutesBetween } from './business-calendar.js'
import { loadCaseConfig } from './case-config.js'
import type { ComplaintAnalytics, TimeStats, SlaRow } from './case.schema.js'
import { casesCreatedBetween } from './case.repository.js'
import { anonymousSurveysOf, isWithheldAnswer } from './case-withheld.js'
import { caseNumber, isBreached } from './case-summary.js'
import { PAID_COMPENSATION_STATUSES } from './compensation-authority.js'
import { compensationsOfCases } from './compensation.repository.js'
import { employeeScorecards } from './employee-scorecard.js'
import { slaOutcome, tallySla } from './sla-compliance.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { personalViewFor } from '../personal-data/personal-view.service.js'

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
  const config = await loadCaseConfig(scope)
  const tz = config.calendar.timezone
  const opened = await casesCreatedBetween(
    scope.db,
    scope.orgId,
    startOfLocalDate(q.from, tz),
    startOfLocalDate(q.to, tz) + 86_400_000,
    q.department,
    recordsWithinUnits(scope),
  )
  // Inquiries, suggestions and praise are work items, not complaints.
  const cases = opened.filter((c) => (c.kind ?? 'complaint') === 'complaint')
  const [contacts, anonymous] = await Promise.all([
    feedbackForCases(
      scope.db,
      cases.map((c) => c.feedbackId),
    ),
    anonymousSurveysOf(scope),
  ])
  const rows = cases.map((c) => {
    const f = contacts.get(c.feedbackId)
    // An anonymous survey's case (case-withheld.ts) is counted, but names no repeat customer.
    if (isWithheldAnswer(anonymous, f))
      return { ...c, customerRef: null, customerEmail: null, customerPhone: null }
    return {
      ...c,
      customerEmail: f?.customerEmail ?? null,
      customerPhone: f?.customerPhone ?? null,
    }
  })
  const nameOf = await allUserNames(scope)
  const labelsOf = new Map(config.causes.map((c) => [c.key, c.label]))

  const causeCounts = new Map<string, number>()
  for (const r of rows) if (r.cause) causeCounts.set(r.cause, (causeCounts.get(r.cause) ?? 0) + 1)
  const pareto = paretoOf([...causeCounts].map(([key, count]) => ({ key, count }))).map((p) => ({
    ...p,
    label: labelsOf.get(p.key)?.['zh-CN'] ?? p.key,
    labels: {
      'zh-CN': labelsOf.get(p.key)?.['zh-CN'] ?? p.key,
      'en-US': labelsOf.get(p.key)?.['en-US'] || labelsOf.get(p.key)?.['zh-CN'] || p.key,
    },
  }))

  // Repeat complaints: the same customer (reference, else e-mail or phone) with two or more cases.
  // Shown by reference, else by e-mail or phone masked for readers without personal-data:read.
  const show = personalViewFor(scope.actor)
  const byCustomer = new Map<string, string[]>()
  const shownAs = new Map<string, string>()
  for (const r of rows) {
    const who = r.customerRef ?? r.customerEmail ?? r.customerPhone
    if (!who) continue
    byCustomer.set(who, [...(byCustomer.get(who) ?? []), caseNumber(r.number)])
    shownAs.set(
      who,
      r.customerRef ?? show('email', r.customerEmail) ?? show('phone', r.customerPhone) ?? '',
    )
  }
  const repeatCustomers = [...byCustomer]
    .filter(([, n]) => n.length >= 2)
    .map(([who, numbers]) => ({
      customer: shownAs.get(who) ?? '',
      cases: numbers.length,
      numbers,
    }))
    .sort((a, b) => b.cases - a.cases)
    .slice(0, 50)

  const working = (from: number, to: number) => businessMinutesBetween(from, to, config.calendar)
  const firstResponse = timeStats(
    rows
      .filter((r) => r.firstRespondedAt !== null)
      .map((r) => working(r.createdAt, r.firstRespondedAt!)),
  )
  const resolution = timeStats(
    rows.filter((r) => r.resolvedAt !== null).map((r) => working(r.createdAt, r.resolvedAt!)),
  )

  // Compliance counts only cases whose outcome is known (sla-compliance.ts), at every level.
  const outcomes = new Map(rows.map((r) => [r.id, slaOutcome(r, scope.now)]))
  const slaBy = (
    keyOf: (r: (typeof rows)[number]) => string | null,
    nameOfKey: (k: string) => string,
  ): SlaRow[] => {
    const groups = new Map<string, (typeof rows)[number][]>()
    for (const r of rows) {
      const key = keyOf(r) ?? '—'
      groups.set(key, [...(groups.get(key) ?? []), r])
    }
    return [...groups]
      .map(([key, group]) => {
        const tally = tallySla(group.map((r) => outcomes.get(r.id)!))
        return {
          key,
          name: nameOfKey(key),
          cases: tally.cases,
          due: tally.due,
          onTime: tally.met,
          compliance: tally.compliance,
        }
      })
      .sort((a, b) => (a.compliance ?? 1) - (b.compliance ?? 1))
  }

  const followed = rows.filter((r) => r.followUpSatisfied !== null)
  const satisfied = followed.filter((r) => r.followUpSatisfied === 1).length
  const ids = rows.map((r) => r.id)
  const compensations = await compensationsOfCases(scope.db, scope.orgId, ids)
  const paid = compensations.filter((c) =>
    (PAID_COMPENSATION_STATUSES as readonly string[]).includes(c.status),
  )
  const paidByCase = new Map<string, number>()
  for (const c of paid) paidByCase.set(c.caseId, (paidByCase.get(c.caseId) ?? 0) + c.amount)
  const people = employeeScorecards(
    rows.map((r) => ({
      ownerId: r.ownerId,
      sla: outcomes.get(r.id)!,
      firstResponseMinutes:
        r.firstRespondedAt === null ? null : working(r.createdAt, r.firstRespondedAt),
      resolutionMinutes: r.resolvedAt === null ? null : working(r.createdAt, r.resolvedAt),
      followUpSatisfied: r.followUpSatisfied,
      reopened: r.reopened > 0,
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
    sla: tallySla(outcomes.values()),
    pareto,
    uncategorised: rows.filter((r) => !r.cause).length,
    repeatCustomers,
    firstResponse,
    resolution,
    slaByDepartment: slaBy(
      (r) => r.department,
      (k) => k,
    ),
    slaByOwner: slaBy(
      (r) => r.ownerId,
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
