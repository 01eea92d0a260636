import { requirePermission } from '../auth/permission.service.js'
import { userNames } from '../auth/user-directory.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { loadCaseConfig } from './case-config.js'
import { listCaseEvents } from './case-event.repository.js'
import { findCase, type CaseRecord } from './case.repository.js'
import {
  countCaseRecords,
  listCaseRecords,
  type CaseCursor,
  type CaseFilter,
  type CaseOrder,
} from './case-list.repository.js'
import { CaseListQuerySchema, UNASSIGNED, type CaseDetail, type CaseList } from './case.schema.js'
import { iso, toCompensation, toSummary } from './case-summary.js'
import { NEXT_STATUSES_BY_KIND } from './case-kinds.js'
import { listCaseCompensations } from './compensation.repository.js'
import { feedbackForCases, feedbackIdsByContact } from '../feedback/feedback-lookup.service.js'
import { personalViewFor, seesPersonalData } from '../personal-data/personal-view.service.js'
import { anonymousSurveysOf, isWithheldAnswer, withheldCases } from './case-withheld.js'

// Reading cases: the queue and the search, one case with its timeline. Changing them is in
// case-workflow.service.ts and compensation.service.ts.

export { caseNumber, isBreached } from './case-summary.js'

/** The organisation's case, or 404. */
export async function loadCase(scope: Scope, caseId: string): Promise<CaseRecord> {
  // A case outside the reader's units (Scope.units) is not found either.
  const found = await findCase(scope.db, scope.orgId, caseId, recordsWithinUnits(scope))
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
    feedbackIds: await feedbackIdsByContact(scope, text),
  }
}

/** A page's end as an opaque token: order, sort key and id (ids are ULIDs, without dots). */
function encodeCursor(order: CaseOrder, c: CaseRecord): string {
  // The key the page was sorted by, exactly as case-list.repository.ts computes it.
  const key =
    order === 'newest'
      ? c.createdAt
      : c.firstRespondedAt === null
        ? c.firstResponseDue
        : c.resolutionDue
  return Buffer.from(`${order}.${key}.${c.id}`).toString('base64url')
}

function decodeCursor(order: CaseOrder, cursor: string): CaseCursor {
  const [o, key, id] = Buffer.from(cursor, 'base64url').toString().split('.')
  if (o !== order || !key || !/^-?\d{1,16}$/.test(key) || !id || id.length > 40)
    throw new ValidationError('VALIDATION_FAILED', 'The cursor does not belong to this list.', [
      { path: 'cursor', reason: 'not a nextCursor of this view; start again without it' },
    ])
  return { key: Number(key), id }
}

/**
 * One page of cases: mine, the open queue in SLA order (the nearest or most overdue deadline
 * first) or all cases newest first, narrowed by the filters; `nextCursor` reads on.
 */
export async function listCases(scope: Scope, input: unknown): Promise<CaseList> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(CaseListQuerySchema, input ?? {}, 'query')
  const config = await loadCaseConfig(scope)
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
    const ownerId = q.ownerId === UNASSIGNED ? null : q.ownerId
    if (filter.ownerId !== undefined && filter.ownerId !== ownerId) contradiction = true
    filter.ownerId = ownerId
  }
  if (q.priority) filter.priorities = q.priority
  if (q.kind) filter.kind = q.kind
  if (q.department) filter.department = q.department
  if (q.cause) filter.cause = q.cause
  if (q.channel) filter.channel = q.channel
  if (q.store) filter.store = q.store
  const units = recordsWithinUnits(scope)
  if (units) filter.units = units
  // An anonymous survey's cases: shown without what they took from the answer, found by number only.
  const withheld = await withheldCases(scope)
  if (withheld.caseIds.size > 0) filter.withheld = [...withheld.caseIds]
  if (q.customerRef) filter.customerRef = q.customerRef
  if (q.q) filter.search = await searchFor(scope, q.q)
  if (q.from) filter.createdFrom = startOfLocalDate(q.from, config.calendar.timezone)
  if (q.to) filter.createdBefore = startOfLocalDate(q.to, config.calendar.timezone) + 86_400_000
  const sla = q.sla ?? (q.breached === 'true' ? 'breached' : undefined)
  if (sla && q.breached === 'false' && sla === 'breached') contradiction = true
  if (sla) filter.sla = { state: sla, now: scope.now }
  else if (q.breached === 'false') filter.sla = { state: 'not_breached', now: scope.now }
  const order: CaseOrder = q.view === 'all' ? 'newest' : 'deadline'
  const after = q.cursor ? decodeCursor(order, q.cursor) : null
  if (contradiction) return { cases: [], nextCursor: null, total: 0 }
  // One more than asked tells whether another page follows.
  const [rows, total] = await Promise.all([
    listCaseRecords(scope.db, scope.orgId, filter, { order, after, limit: q.limit + 1 }),
    countCaseRecords(scope.db, scope.orgId, filter),
  ])
  const page = rows.slice(0, q.limit)
  const names = await userNames(
    scope,
    page.map((r) => r.ownerId),
  )
  return {
    cases: page.map((r) =>
      toSummary(
        r,
        r.ownerId ? (names.get(r.ownerId) ?? null) : null,
        scope.now,
        withheld.caseIds.has(r.id),
      ),
    ),
    nextCursor: rows.length > q.limit ? encodeCursor(order, page[page.length - 1]!) : null,
    total,
  }
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
  const [names, withheldNow] = await Promise.all([
    userNames(scope, [c.ownerId, ...events.map((e) => e.actorId)]),
    anonymousSurveysOf(scope),
  ])
  // Opened from an answer to a survey that is anonymous now (case-withheld.ts).
  const withheld = isWithheldAnswer(withheldNow, feedback)
  const show = personalViewFor(scope.actor)
  const answered = <T>(value: T): T | null => (withheld ? null : value)
  return {
    ...toSummary(c, c.ownerId ? (names.get(c.ownerId) ?? null) : null, scope.now, withheld),
    feedbackId: c.feedbackId,
    responsibility: c.responsibility,
    assessedLoss: c.assessedLoss,
    followUpSatisfied: c.followUpSatisfied === null ? null : c.followUpSatisfied === 1,
    reopened: c.reopened,
    allowedNext: [...NEXT_STATUSES_BY_KIND[c.kind ?? 'complaint'][c.status]],
    outcome: c.outcome ?? null,
    outcomeReason: c.outcomeReason ?? null,
    actionPlanId: c.actionPlanId ?? null,
    rewardPoints: c.rewardPoints ?? null,
    rewardedAt: iso(c.rewardedAt ?? null),
    employeeId: answered(c.employeeId ?? null),
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
      text: withheld ? '' : feedback.text,
      channel: feedback.channel,
      kind: feedback.kind,
      nps: answered(feedback.nps),
      csat: answered(feedback.csat),
      customerName: answered(show('name', feedback.customerName)),
      customerEmail: answered(show('email', feedback.customerEmail)),
      customerPhone: answered(show('phone', feedback.customerPhone)),
      personalDataMasked: !seesPersonalData(scope.actor),
    },
  }
}
