import {
  type BehaviourRow,
  behaviourByGroup,
  cohortRetention,
  complaintRate,
  repurchaseRate,
} from '../analytics/cohort.js'
import { caseRecoveries } from '../cases/case-recovery.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { unitSubtreeIds } from '../units/unit.service.js'
import { churnInputs } from './churn.repository.js'
import { LinkFactsSchema } from './customer.schema.js'
import { type RetentionReport, RetentionQuerySchema } from './retention.schema.js'

// Retention and value from the stored transactions, answers and cases (pure maths in
// src/analytics/cohort.ts): cohort retention by the month of first purchase, the repurchase rate
// (回头率), the complaint rate per 10,000 customers (抱怨率), and repurchase and spend after an
// answer by NPS group and after a complaint by its recovery — with Wilson and t intervals.

/**
 * One formatter per time zone: making an Intl.DateTimeFormat per transaction took about a
 * millisecond each (10,000 transactions: 14 s, bench/customers.bench.ts).
 */
const monthFormats = new Map<string, Intl.DateTimeFormat>()

/** Months since year 0 on the organisation's calendar, and back. */
function monthOf(at: number, timeZone: string): number {
  let format = monthFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    monthFormats.set(timeZone, format)
  }
  const [y, m] = format.format(new Date(at)).split('-')
  return Number(y) * 12 + Number(m) - 1
}
const monthLabel = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`
const parseMonth = (label: string) => {
  const [y, m] = label.split('-')
  return Number(y) * 12 + Number(m) - 1
}

const npsGroup = (nps: number) => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor')

export async function retentionReport(scope: Scope, query: unknown): Promise<RetentionReport> {
  const q = parseInput(RetentionQuerySchema, query, 'query')
  const timeZone = await organisationTimezone(scope)
  const inputs = await churnInputs(scope.db, scope.orgId)
  const within = recordsWithinUnits(scope)
  const chosen = q.unitId ? new Set(await unitSubtreeIds(scope, [q.unitId])) : undefined
  const customers = new Set(
    inputs.customers
      .filter((c) => within === undefined || (c.unit_id !== null && within.includes(c.unit_id)))
      .filter((c) => chosen === undefined || (c.unit_id !== null && chosen.has(c.unit_id)))
      .map((c) => c.id),
  )
  const from = q.from ? parseMonth(q.from) : -Infinity
  const to = q.to ? parseMonth(q.to) : Infinity
  const purchases = inputs.transactions
    .filter((t) => customers.has(t.customer_id) && t.is_refund === 0 && t.amount > 0)
    .map((t) => ({ ...t, month: monthOf(t.occurred_at, timeZone) }))
    .filter((t) => t.month >= from && t.month <= to)
  const buyers = new Set(purchases.map((p) => p.customer_id))

  const cohorts = purchases.length
    ? cohortRetention(purchases.map((p) => ({ customer: p.customer_id, period: p.month })))
    : []
  const repurchase = purchases.length
    ? repurchaseRate(purchases.map((p) => ({ customer: p.customer_id, period: p.month })))
    : null

  const caseLinks = inputs.links.filter((l) => l.kind === 'case' && buyers.has(l.customer_id))
  const complainants = new Set(caseLinks.map((l) => l.customer_id))
  const complaints =
    buyers.size > 0
      ? { complainants: complainants.size, ...complaintRate(complainants.size, buyers.size) }
      : null

  // What each customer bought after a moment: whether again, and how much.
  const byCustomer = new Map<string, { at: number; amount: number }[]>()
  for (const p of purchases)
    byCustomer.set(p.customer_id, [
      ...(byCustomer.get(p.customer_id) ?? []),
      { at: p.occurred_at, amount: p.amount },
    ])
  const after = (customer: string, at: number, group: string): BehaviourRow => {
    const later = (byCustomer.get(customer) ?? []).filter((p) => p.at > at)
    return {
      group,
      repurchased: later.length > 0,
      spend: Math.round(later.reduce((s, p) => s + p.amount, 0) * 100) / 100,
    }
  }
  const lastAnswer = new Map<string, { at: number; nps: number }>()
  for (const l of inputs.links) {
    if (l.kind !== 'answer' || !buyers.has(l.customer_id)) continue
    const nps = parseStoredJson(LinkFactsSchema, l.facts, 'customer_links.facts').nps
    if (nps === null || nps === undefined) continue
    const seen = lastAnswer.get(l.customer_id)
    if (!seen || l.occurred_at > seen.at) lastAnswer.set(l.customer_id, { at: l.occurred_at, nps })
  }
  const npsRows = [...lastAnswer].map(([c, a]) => after(c, a.at, npsGroup(a.nps)))
  const order = (groups: string[]) => (a: { group: string }, b: { group: string }) =>
    groups.indexOf(a.group) - groups.indexOf(b.group)

  const firstCase = new Map<string, { at: number; caseId: string }>()
  for (const l of caseLinks) {
    const seen = firstCase.get(l.customer_id)
    if (!seen || l.occurred_at < seen.at)
      firstCase.set(l.customer_id, { at: l.occurred_at, caseId: l.source_id })
  }
  const recoveries = await caseRecoveries(
    scope.db,
    scope.orgId,
    [...firstCase.values()].map((c) => c.caseId),
  )
  const recoveryRows = [...firstCase]
    .filter(([, c]) => recoveries.has(c.caseId))
    .map(([customer, c]) =>
      after(customer, c.at, recoveries.get(c.caseId)!.recovered ? 'recovered' : 'unrecovered'),
    )

  return {
    customers: buyers.size,
    cohorts: cohorts.map((c) => ({
      cohort: monthLabel(c.cohort),
      size: c.size,
      retention: c.retention.map((r) => ({ ...r, month: monthLabel(c.cohort + r.k) })),
    })),
    repurchase,
    complaintRate: complaints,
    byNpsGroup: npsRows.length
      ? behaviourByGroup(npsRows).sort(order(['promoter', 'passive', 'detractor']))
      : [],
    byRecovery: recoveryRows.length
      ? behaviourByGroup(recoveryRows).sort(order(['recovered', 'unrecovered']))
      : [],
  }
}
