import { requirePermission } from '../auth/roles.js'
import { userNames } from '../auth/user-directory.service.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { loadCaseConfig } from './case-config.js'
import { listCaseEvents } from './case-event.repository.js'
import { findCase, listCaseRecords, type CaseFilter, type CaseRecord } from './case.repository.js'
import { CaseListQuerySchema, type CaseDetail, type CaseSummary } from './case.schema.js'
import { iso, toCompensation, toSummary } from './case-summary.js'
import { NEXT_STATUSES } from './case-workflow.js'
import { listCaseCompensations } from './compensation.repository.js'
import { feedbackForCases, feedbackIdsByContact } from '../feedback/feedback-lookup.service.js'

// Reading cases: the queue and the search, one case with its timeline. Changing them is in
// case-workflow.service.ts and compensation.service.ts.

export { caseNumber, isBreached } from './case-summary.js'

/** The organisation's case, or 404. */
export async function loadCase(scope: Scope, caseId: string): Promise<CaseRecord> {
  const found = await findCase(scope.db, scope.orgId, caseId)
  if (!found)
    throw new NotFoundError('CASE_NOT_FOUND', `No case ${caseId}.`, [
      { path: 'id', reason: 'unknown case' },
    ])
  return found
}

/**
 * What a person on the phone would type: a case number, the customer's
 * reference, phone or e-mail (from the feedback behind the case), or words
 * of the title. Wildcards typed by the user are taken literally.
 */
async function searchFor(scope: Scope, text: string): Promise<CaseFilter['search']> {
  const number = /^(?:c-?)?0*(\d{1,9})$/i.exec(text)
  return {
    number: number ? Number(number[1]) : null,
    text,
    feedbackIds: await feedbackIdsByContact(scope.db, scope.orgId, text),
  }
}

export async function listCases(scope: Scope, input: unknown): Promise<CaseSummary[]> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(CaseListQuerySchema, input ?? {}, 'query')
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  const filter: CaseFilter = {}
  // The view and the explicit filters both hold: a contradiction (my cases of someone else, a
  // closed case in the open queue) finds nothing.
  let contradiction = false
  if (q.view === 'mine') filter.ownerId = scope.actor.id
  if (q.view === 'queue' || q.view === 'mine')
    filter.statuses = ['new', 'acknowledged', 'investigating']
  if (q.status) {
    if (filter.statuses && !filter.statuses.includes(q.status)) contradiction = true
    filter.statuses = [q.status]
  }
  if (q.ownerId) {
    if (filter.ownerId !== undefined && filter.ownerId !== q.ownerId) contradiction = true
    filter.ownerId = q.ownerId
  }
  if (q.department) filter.department = q.department
  if (q.cause) filter.cause = q.cause
  if (q.customerRef) filter.customerRef = q.customerRef
  if (q.q) filter.search = await searchFor(scope, q.q)
  if (q.from) filter.createdFrom = startOfLocalDate(q.from, config.calendar.timezone)
  if (q.to) filter.createdBefore = startOfLocalDate(q.to, config.calendar.timezone) + 86_400_000
  const rows = contradiction
    ? []
    : await listCaseRecords(scope.db, scope.orgId, filter, q.breached ? 5000 : q.limit)
  const names = await userNames(
    scope,
    rows.map((r) => r.ownerId),
  )
  let cases = rows.map((r) =>
    toSummary(r, r.ownerId ? (names.get(r.ownerId) ?? null) : null, scope.now),
  )
  if (q.breached)
    cases = cases.filter((c) => c.breached === (q.breached === 'true')).slice(0, q.limit)
  // The queue is worked in SLA order: the nearest (or most overdue) deadline first.
  if (q.view !== 'all')
    cases.sort(
      (a, b) =>
        Date.parse(a.nextDeadline ?? a.resolutionDue) -
        Date.parse(b.nextDeadline ?? b.resolutionDue),
    )
  return cases
}

export async function getCase(scope: Scope, caseId: string): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:read')
  const c = await loadCase(scope, caseId)
  const [events, compensations, feedbackById] = await Promise.all([
    listCaseEvents(scope.db, c.id),
    listCaseCompensations(scope.db, c.id),
    feedbackForCases(scope.db, [c.feedbackId]),
  ])
  const feedback = feedbackById.get(c.feedbackId)
  if (!feedback) throw new Error(`The feedback ${c.feedbackId} behind case ${c.id} is missing`)
  const names = await userNames(scope, [c.ownerId, ...events.map((e) => e.actorId)])
  return {
    ...toSummary(c, c.ownerId ? (names.get(c.ownerId) ?? null) : null, scope.now),
    feedbackId: c.feedbackId,
    responsibility: c.responsibility,
    assessedLoss: c.assessedLoss,
    followUpSatisfied: c.followUpSatisfied === null ? null : c.followUpSatisfied === 1,
    reopened: c.reopened,
    allowedNext: [...NEXT_STATUSES[c.status]],
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      visibility: e.visibility,
      actorType: e.actorType,
      actorId: e.actorId,
      actorName: names.get(e.actorId) ?? null,
      body: e.body,
      detail: e.detail,
      delivery: e.delivery,
      deliveryError: e.deliveryError,
      createdAt: iso(e.createdAt)!,
    })),
    compensations: compensations.map(toCompensation),
    feedback: {
      text: feedback.text,
      channel: feedback.channel,
      kind: feedback.kind,
      nps: feedback.nps,
      csat: feedback.csat,
      customerName: feedback.customerName,
      customerEmail: feedback.customerEmail,
      customerPhone: feedback.customerPhone,
    },
  }
}
