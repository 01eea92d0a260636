import {
  type BehaviourRow,
  type CohortCount,
  behaviourByGroup,
  cohortRetentionFromCounts,
  complaintRate,
  repurchaseFromCounts,
} from '../analytics/cohort.js'
import { caseRecoveries } from '../cases/case-recovery.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { unitSubtreeIds } from '../units/unit.service.js'
import { cellsByMonth, cohortState } from './cohort-cells.repository.js'
import { cellsCurrent } from './cohort-cells.service.js'
import { LinkFactsSchema } from './customer.schema.js'
import { monthLabel, monthNumber, monthStart, offsetSegments } from './local-months.js'
import {
  cohortCounts,
  type LinkWithLaterPurchases,
  linksWithLaterPurchases,
  purchaseSpan,
  type RetentionFilter,
} from './retention.repository.js'
import { type RetentionReport, RetentionQuerySchema } from './retention.schema.js'

// Retention and value from the stored transactions, answers and cases (pure maths in
// src/analytics/cohort.ts): cohort retention by the month of first purchase, the repurchase rate
// (回头率), the complaint rate per 10,000 customers (抱怨率), and repurchase and spend after an
// answer by NPS group and after a complaint by its recovery — with Wilson and t intervals.
// Cohorts and repurchase are counted in SQL (retention.repository.ts): only one row per cohort ×
// month and one per answer or case reach this process, never the transactions themselves.

const npsGroup = (nps: number) => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor')

const EMPTY: RetentionReport = {
  customers: 0,
  cohorts: [],
  repurchase: null,
  complaintRate: null,
  byNpsGroup: [],
  byRecovery: [],
}

/** The customers' units the reader may see and asked for (undefined: all; [] : none). */
async function unitFilter(scope: Scope, unitId: string | undefined) {
  const within = recordsWithinUnits(scope)
  const chosen = unitId ? await unitSubtreeIds(scope, [unitId]) : undefined
  if (chosen === undefined) return within
  return within === undefined ? chosen : chosen.filter((u) => within.includes(u))
}

export async function retentionReport(scope: Scope, query: unknown): Promise<RetentionReport> {
  const q = parseInput(RetentionQuerySchema, query, 'query')
  const timeZone = await organisationTimezone(scope)
  const unitIds = await unitFilter(scope, q.unitId)
  if (unitIds !== undefined && unitIds.length === 0) return EMPTY
  const filter: RetentionFilter = {
    orgId: scope.orgId,
    unitIds,
    from: q.from ? monthStart(monthNumber(q.from), timeZone) : undefined,
    to: q.to ? monthStart(monthNumber(q.to) + 1, timeZone) : undefined,
  }
  const counts = await cohortCountsOf(scope, filter, timeZone)
  if (!counts) return EMPTY
  const cohorts = cohortRetentionFromCounts(counts)
  const customers = cohorts.reduce((s, c) => s + c.size, 0)
  if (customers === 0) return EMPTY
  const repeat = counts.reduce((s, c) => s + c.repeat, 0)
  const links = await linksWithLaterPurchases(scope.db, filter)
  return {
    customers,
    cohorts: cohorts.map((c) => ({
      cohort: monthLabel(c.cohort),
      size: c.size,
      retention: c.retention.map((r) => ({ ...r, month: monthLabel(c.cohort + r.k) })),
    })),
    repurchase: repurchaseFromCounts(customers, repeat),
    ...(await behaviour(scope, links, customers)),
  }
}

/**
 * Customers per first-purchase month × month (and repeat buyers): from the cohort cells when the
 * report is not limited to months (a cohort is the first purchase ever) and the cells are
 * complete on the organisation's zone (cohort-cells.service.ts); otherwise counted from the
 * transactions (`fullCohortCounts`, the reference the cells are tested against). Null when
 * nobody bought.
 */
async function cohortCountsOf(
  scope: Scope,
  filter: RetentionFilter,
  timeZone: string,
): Promise<(CohortCount & { repeat: number })[] | null> {
  if (filter.from === undefined && filter.to === undefined) {
    const state = await cohortState(scope.db, scope.orgId)
    if (cellsCurrent(state, timeZone)) {
      const cells = await cellsByMonth(scope.db, scope.orgId, filter.unitIds)
      return cells.length === 0
        ? null
        : cells.map((c) => ({
            cohort: c.cohort,
            period: c.month,
            active: c.active,
            repeat: c.repeat,
          }))
    }
  }
  return fullCohortCounts(scope, filter, timeZone)
}

/** The cohort counts from every purchase in the filter (SQL, retention.repository.ts). */
export async function fullCohortCounts(
  scope: Scope,
  filter: RetentionFilter,
  timeZone: string,
): Promise<(CohortCount & { repeat: number })[] | null> {
  const span = await purchaseSpan(scope.db, filter)
  if (!span) return null
  const segments = offsetSegments(span.first, span.last, timeZone)
  const counts = await cohortCounts(scope.db, scope.features, filter, segments)
  return counts.map((c) => ({
    cohort: monthNumber(c.cohort),
    period: monthNumber(c.month),
    active: c.active,
    repeat: c.repeat,
  }))
}

const order = (groups: string[]) => (a: { group: string }, b: { group: string }) =>
  groups.indexOf(a.group) - groups.indexOf(b.group)

const after = (l: LinkWithLaterPurchases, group: string): BehaviourRow => ({
  group,
  repurchased: l.later > 0,
  spend: Math.round(l.spend * 100) / 100,
})

/** Complaint rate, and behaviour after the last answer (NPS group) and the first complaint. */
async function behaviour(
  scope: Scope,
  links: readonly LinkWithLaterPurchases[],
  buyers: number,
): Promise<Pick<RetentionReport, 'complaintRate' | 'byNpsGroup' | 'byRecovery'>> {
  const lastAnswer = new Map<string, { link: LinkWithLaterPurchases; nps: number }>()
  const firstCase = new Map<string, LinkWithLaterPurchases>()
  for (const l of links) {
    if (l.kind === 'case') {
      const seen = firstCase.get(l.customer_id)
      if (!seen || l.occurred_at < seen.occurred_at) firstCase.set(l.customer_id, l)
      continue
    }
    const nps = parseStoredJson(LinkFactsSchema, l.facts, 'customer_links.facts').nps
    if (nps === null || nps === undefined) continue
    const seen = lastAnswer.get(l.customer_id)
    if (!seen || l.occurred_at > seen.link.occurred_at)
      lastAnswer.set(l.customer_id, { link: l, nps })
  }
  const npsRows = [...lastAnswer.values()].map((a) => after(a.link, npsGroup(a.nps)))
  const recoveries = await caseRecoveries(
    scope.db,
    scope.orgId,
    [...firstCase.values()].map((c) => c.source_id),
  )
  const recoveryRows = [...firstCase.values()]
    .filter((c) => recoveries.has(c.source_id))
    .map((c) => after(c, recoveries.get(c.source_id)!.recovered ? 'recovered' : 'unrecovered'))
  return {
    complaintRate: { complainants: firstCase.size, ...complaintRate(firstCase.size, buyers) },
    byNpsGroup: npsRows.length
      ? behaviourByGroup(npsRows).sort(order(['promoter', 'passive', 'detractor']))
      : [],
    byRecovery: recoveryRows.length
      ? behaviourByGroup(recoveryRows).sort(order(['recovered', 'unrecovered']))
      : [],
  }
}
