import { createPlanInTransaction, loadPlan, planNumber } from '../actions/action-plan.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { userNames } from '../auth/user-directory.service.js'
import { customersOfCases } from '../customers/customer-activity.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import { employeeById } from '../employees/employee.service.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { rewardCustomer } from '../loyalty/loyalty.service.js'
import { notifyMembers } from '../notifications/notification.service.js'
import { ConflictError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { unitById } from '../units/unit.service.js'
import type { CaseKind, CaseOutcome } from './case-kinds.js'
import { addCaseEvent } from './case-events.js'
import { loadCaseConfig } from './case-config.js'
import { getCase, loadCase } from './case-query.service.js'
import { statusNoticeFields } from './case-status-notice.js'
import { anonymousSurveysOf, isWithheldAnswer } from './case-withheld.js'
import type { CaseRecord } from './case.repository.js'
import { updateCase } from './case.repository.js'
import {
  AdoptInputSchema,
  DeclineInputSchema,
  PassOnInputSchema,
  RewardInputSchema,
  type CaseDetail,
} from './case.schema.js'
import { caseNumber } from './case-summary.js'
import type { CaseStatus } from './case-workflow.js'

// The decisions that end the work items' own workflows (issue 20): a suggestion adopted (linked
// to an action plan, new or existing) or declined with a reason, an adopted suggestion rewarded
// with points to its customer's ledger once, and praise passed on to the employee it names.

/** Where a suggestion may be decided from: acknowledged or under assessment. */
const DECIDABLE: readonly CaseStatus[] = ['acknowledged', 'investigating']

function assertKind(c: CaseRecord, kind: CaseKind, action: string): void {
  const actual = c.kind ?? 'complaint'
  if (actual !== kind)
    throw new ConflictError(
      'CASE_KIND_MISMATCH',
      `Only a ${kind} can be ${action}; ${caseNumber(c.number)} is a ${actual}.`,
      [{ path: 'kind', reason: `is ${actual}, not ${kind}` }],
      { kind: actual },
    )
}

function assertUndecided(c: CaseRecord): void {
  if (c.outcome || !DECIDABLE.includes(c.status)) throw alreadyDecided(c)
}

function alreadyDecided(c: CaseRecord): ConflictError {
  return new ConflictError(
    'SUGGESTION_ALREADY_DECIDED',
    `Suggestion ${caseNumber(c.number)} is ${c.outcome ?? c.status}; it cannot be decided now.`,
    [{ path: 'status', reason: `is ${c.outcome ?? c.status}` }],
    { status: c.status, outcome: c.outcome ?? null },
  )
}

/** The action plan an adoption links, as its history line names it. */
interface LinkedPlan {
  id: string
  number: string
}

/** How often a decision is tried again after its new plan lost its number to another plan. */
const DECISION_ATTEMPTS = 8

/**
 * Resolve a work item with its outcome, once: a decision taken meanwhile by someone else wins.
 * The decision is claimed first (the case changes only while still undecided) and the plan an
 * adoption links is made after, in the same transaction: a second decision at the same time
 * waits for the first and is refused, and a refused or failed one leaves no plan behind.
 */
async function decide(
  scope: Scope,
  c: CaseRecord,
  outcome: CaseOutcome,
  fields: { reason: string | null; plan?: (trx: Db) => Promise<LinkedPlan> },
  event: { type: string; body?: string; detail: Record<string, unknown> },
  /** More to write in the decision's own transaction (telling the employee praised). */
  also?: (trx: Db) => Promise<void>,
): Promise<void> {
  // The customer hears of the decision when the organisation chose so (case-status-notice.ts);
  // the sweep words it from the outcome, never from the internal note.
  const config = await loadCaseConfig(scope)
  const notice = statusNoticeFields(
    config.statusNotices,
    config.statusNotices
      ? (await feedbackForCases(scope.db, [c.feedbackId])).get(c.feedbackId)
      : undefined,
    c.status,
    'resolved',
  )
  const store = (trx: Db) =>
    decideInTransaction(trx, scope, c, outcome, fields, event, notice, also)
  await retryOnUniqueViolation(
    () => scope.db.transaction().execute(store),
    fields.plan ? DECISION_ATTEMPTS : 1,
  )
}

async function decideInTransaction(
  trx: Db,
  scope: Scope,
  c: CaseRecord,
  outcome: CaseOutcome,
  fields: { reason: string | null; plan?: (trx: Db) => Promise<LinkedPlan> },
  event: { type: string; body?: string; detail: Record<string, unknown> },
  notice: ReturnType<typeof statusNoticeFields>,
  also?: (trx: Db) => Promise<void>,
): Promise<void> {
  const changed = await updateCase(
    trx,
    c.id,
    {
      status: 'resolved',
      resolvedAt: scope.now,
      outcome,
      outcomeReason: fields.reason,
      ...(c.firstRespondedAt === null ? { firstRespondedAt: scope.now } : {}),
      updatedAt: scope.now,
    },
    { statuses: c.kind === 'praise' ? ['new', 'acknowledged'] : DECIDABLE, unset: 'outcome' },
  )
  if (!changed) throw alreadyDecided((await loadCase({ ...scope, db: trx }, c.id)) ?? c)
  const plan = fields.plan ? await fields.plan(trx) : undefined
  if (plan) await updateCase(trx, c.id, { actionPlanId: plan.id })
  const detail = {
    ...event.detail,
    ...(plan ? { planId: plan.id, planNumber: plan.number } : {}),
  }
  await addCaseEvent(trx, {
    orgId: scope.orgId,
    caseId: c.id,
    type: event.type,
    actor: scope.actor,
    now: scope.now,
    ...(event.body ? { body: event.body } : {}),
    ...(notice ? { delivery: notice.delivery } : {}),
    detail: { from: c.status, to: 'resolved', ...detail, ...notice?.detail },
  })
  await recordAudit(trx, scope, {
    action: `case.${outcome}`,
    entity: 'case',
    entityId: c.id,
    detail,
  })
  await also?.(trx)
}

/**
 * Adopt a suggestion: link an existing action plan (one the caller may see) or make a new one
 * from the suggestion's words (through the actions domain, which checks its own permission).
 */
export async function adoptSuggestion(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:supervise')
  const a = parseInput(AdoptInputSchema, input, 'adoption')
  const c = await loadCase(scope, caseId)
  assertKind(c, 'suggestion', 'adopted')
  assertUndecided(c)
  let plan: (trx: Db) => Promise<LinkedPlan>
  if (a.planId) {
    const row = await loadPlan(scope, a.planId)
    plan = async () => ({ id: row.id, number: planNumber(row.number) })
  } else {
    const text = (await feedbackForCases(scope.db, [c.feedbackId])).get(c.feedbackId)?.text
    const words = text?.trim() || c.title
    const input = {
      title: a.plan!.title,
      problem: words,
      causeCategory: 'method',
      rootCause: words,
      metric: a.plan!.metric,
      ownerId: a.plan!.ownerId,
      dueAt: a.plan!.dueAt,
      unitIds: c.unitId ? [c.unitId] : [],
      evidence: {
        source: 'manual',
        label: `${caseNumber(c.number)} ${c.title}`.slice(0, 200),
        link: `/app/cases/${c.id}`,
      },
    }
    // Made in the decision's transaction, after the decision is claimed (decide).
    plan = (trx) => createPlanInTransaction(trx, scope, input)
  }
  await decide(
    scope,
    c,
    'adopted',
    { reason: a.note ?? null, plan },
    {
      type: 'adopted',
      ...(a.note ? { body: a.note } : {}),
      detail: { planCreated: !a.planId },
    },
  )
  return getCase(scope, caseId)
}

/** Decline a suggestion, with why (kept on the case; nothing is sent to the customer). */
export async function declineSuggestion(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:supervise')
  const d = parseInput(DeclineInputSchema, input, 'decline')
  const c = await loadCase(scope, caseId)
  assertKind(c, 'suggestion', 'declined')
  assertUndecided(c)
  await decide(
    scope,
    c,
    'declined',
    { reason: d.reason },
    { type: 'declined', body: d.reason, detail: {} },
  )
  return getCase(scope, caseId)
}

/**
 * Reward an adopted suggestion's customer with points, once: the same request again answers as
 * before and posts nothing (the ledger keeps one reward per suggestion, so two at once post one);
 * other points for a rewarded suggestion are refused.
 */
export async function rewardSuggestion(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:supervise')
  const r = parseInput(RewardInputSchema, input, 'reward')
  const c = await loadCase(scope, caseId)
  assertKind(c, 'suggestion', 'rewarded')
  if (c.outcome !== 'adopted')
    throw new ConflictError(
      'SUGGESTION_NOT_ADOPTED',
      `Suggestion ${caseNumber(c.number)} is not adopted; only adopted ones are rewarded.`,
      [{ path: 'outcome', reason: `is ${c.outcome ?? 'undecided'}` }],
    )
  if (c.rewardPoints != null) return sameReward(scope, c, r.points)
  const customerId = (await customersOfCases(scope.db, scope.orgId, [c.id])).get(c.id)
  if (!customerId)
    throw new ConflictError(
      'CASE_NO_CUSTOMER',
      `Suggestion ${caseNumber(c.number)} is linked to no customer; there is no ledger to credit.`,
      [{ path: 'customer', reason: 'no customer linked' }],
    )
  const posted = await rewardCustomer(scope, customerId, {
    points: r.points,
    sourceKind: 'suggestion',
    sourceId: c.id,
    note: r.note ?? `${caseNumber(c.number)}`,
  })
  await scope.db.transaction().execute(async (trx) => {
    const changed = await updateCase(
      trx,
      c.id,
      { rewardPoints: r.points, rewardedAt: scope.now, updatedAt: scope.now },
      { unset: 'rewardedAt' },
    )
    if (!changed) return
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: c.id,
      type: 'rewarded',
      actor: scope.actor,
      now: scope.now,
      detail: { points: r.points, customerId, posted },
    })
  })
  return sameReward(scope, await loadCase(scope, caseId), r.points)
}

/** The rewarded case as it is, when `points` are what it was rewarded with; else 409. */
async function sameReward(scope: Scope, c: CaseRecord, points: number): Promise<CaseDetail> {
  if (c.rewardPoints !== points)
    throw new ConflictError(
      'SUGGESTION_ALREADY_REWARDED',
      `Suggestion ${caseNumber(c.number)} was rewarded with ${c.rewardPoints} points already.`,
      [{ path: 'points', reason: `already rewarded with ${c.rewardPoints}` }],
      { rewardPoints: c.rewardPoints },
    )
  return getCase(scope, c.id)
}

/**
 * Acknowledge praise and pass it on to the employee who served (the case's, from its feedback;
 * the same feedback counts as praise on their scorecard).
 */
export async function passOnPraise(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const p = parseInput(PassOnInputSchema, input, 'pass-on')
  const c = await loadCase(scope, caseId)
  assertKind(c, 'praise', 'passed on')
  if (c.outcome || (c.status !== 'new' && c.status !== 'acknowledged'))
    throw new ConflictError(
      'CASE_TRANSITION_NOT_ALLOWED',
      `Praise ${caseNumber(c.number)} is ${c.status}; it was passed on already.`,
      [{ path: 'status', reason: `is ${c.status}` }],
      { status: c.status, allowedNext: [] },
    )
  if (!c.employeeId)
    throw new ConflictError(
      'PRAISE_EMPLOYEE_UNKNOWN',
      `Praise ${caseNumber(c.number)} names no employee to pass it on to.`,
      [{ path: 'employeeId', reason: 'the feedback names no employee' }],
    )
  // The employee hears of it where they work (the bell, and e-mail if they chose it), when they
  // sign in to Manyi; the scorecard counts the praise either way (its feedback names them). The
  // group robots post it either way: a technician who never signs in is praised in the group too.
  const employee = await employeeById(scope, c.employeeId)
  const feedback = (await feedbackForCases(scope.db, [c.feedbackId])).get(c.feedbackId)
  // An answer to a survey made anonymous since is never quoted (case-withheld.ts).
  const text = isWithheldAnswer(await anonymousSurveysOf(scope), feedback)
    ? undefined
    : feedback?.text.trim()
  const actorName =
    scope.actor.type === 'user'
      ? (await userNames(scope, [scope.actor.id])).get(scope.actor.id)
      : undefined
  // The employee's unit, as the organisation names it (a group robot names it with the employee,
  // an English-language robot by its English name where it has one).
  const unit = employee?.unitId ? await unitById(scope, employee.unitId) : null
  const unitName = unit?.nameZh
  const unitNameEn = unit?.nameEn ?? undefined
  const member = employee?.userId
  await decide(
    scope,
    c,
    'passed_on',
    { reason: p.note ?? null },
    {
      type: 'passed_on',
      ...(p.note ? { body: p.note } : {}),
      detail: { employeeId: c.employeeId },
    },
    async (trx) => {
      if (!employee) return
      await notifyMembers(trx, scope, {
        kind: 'praise_received',
        params: {
          caseId: c.id,
          caseNumber: caseNumber(c.number),
          employeeName: employee.name,
          ...(unitName ? { unitName } : {}),
          ...(unitNameEn ? { unitNameEn } : {}),
          // The customer's words and the note are for the employee's own notice only (robots
          // never get them: paramsForGroup); without a member to read them they are not kept.
          ...(member && text ? { praiseText: shorten(text, PRAISE_QUOTE_CHARS) } : {}),
          ...(member && p.note ? { note: p.note } : {}),
          ...(actorName ? { actorName } : {}),
        },
        // Their own scorecard, which counts the praise: an employee may not read cases.
        link: '/app/my-scorecard',
        eventKey: `praise_received:${c.id}`,
        memberIds: member ? [member] : [],
      })
    },
  )
  return getCase(scope, caseId)
}

/** How much of the customer's words a praise notice quotes. */
const PRAISE_QUOTE_CHARS = 200

function shorten(text: string, chars: number): string {
  const letters = [...text]
  return letters.length <= chars ? text : `${letters.slice(0, chars - 1).join('')}…`
}
