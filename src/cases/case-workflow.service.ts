import type { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { findUserInDirectory, type DirectoryUser } from '../auth/user-directory.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { unitById } from '../units/unit.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { WakeJobs } from '../shared/wake-jobs.js'
import { loadCaseConfig } from './case-config.js'
import { addCaseEvent } from './case-events.js'
import { listCaseEvents } from './case-event.repository.js'
import { queueCaseFollowUp } from './case-follow-up.js'
import { updateCase, type CaseChanges } from './case.repository.js'
import {
  AssignInputSchema,
  MessageInputSchema,
  RecoveryInputSchema,
  TransitionInputSchema,
  type CaseDetail,
} from './case.schema.js'
import { getCase, loadCase } from './case-query.service.js'
import { assertKindTransition } from './case-kinds.js'
import { STATUS_TIMESTAMP } from './case-workflow.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { notifyMembers } from '../notifications/notification.service.js'
import { caseNumber } from './case-summary.js'
import { replyRouteOf } from './case-reply-route.js'
import { statusNoticeFields } from './case-status-notice.js'
import { titleToTell } from './case-withheld.js'

// Working a case: moving it along its workflow, notes and replies, assignment, and what the
// investigation found. Each change and its timeline line are written in one transaction.

/** STATUS_TIMESTAMP's columns by their record names. */
const STAMP_FIELD = {
  resolved_at: 'resolvedAt',
  followed_up_at: 'followedUpAt',
  closed_at: 'closedAt',
} as const

/**
 * Move a case along its workflow. Acknowledging counts as the first response;
 * resolving queues the follow-up survey (sent by the jobs, woken once it is stored);
 * following up by hand records whether the customer is satisfied; going back to
 * investigating reopens.
 */
export async function transitionCase(
  scope: Scope,
  caseId: string,
  input: unknown,
  wakeJobs: WakeJobs,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const t = parseInput(TransitionInputSchema, input, 'transition')
  await moveCase(scope, caseId, t, wakeJobs)
  if (t.status === 'resolved') wakeJobs()
  return getCase(scope, caseId)
}

/**
 * The change of transitionCase, in one transaction (all of it or nothing), without reading the
 * case back: the caller has checked the permission and parsed the input.
 */
export async function moveCase(
  scope: Scope,
  caseId: string,
  t: z.output<typeof TransitionInputSchema>,
  /** Called once committed when the customer is to be told of the change (wakes the sender). */
  onTold?: () => void,
): Promise<void> {
  const c = await loadCase(scope, caseId)
  const from = c.status
  const kind = c.kind ?? 'complaint'
  assertKindTransition(kind, from, t.status)
  if (t.status === 'resolved' && kind === 'inquiry') await assertInquiryAnswered(scope, c.id)
  if (t.status === 'resolved' && kind === 'complaint' && !c.cause) {
    throw new ValidationError('CAUSE_REQUIRED', 'Record the cause before resolving the case.', [
      { path: 'cause', reason: 'a resolved case needs a cause from the taxonomy' },
    ])
  }
  const config = await loadCaseConfig(scope)
  // The customer is told of the change when the organisation chose so (case-status-notice.ts).
  const notice = statusNoticeFields(
    config.statusNotices,
    config.statusNotices
      ? (await feedbackForCases(scope.db, [c.feedbackId])).get(c.feedbackId)
      : undefined,
    from,
    t.status,
  )
  await scope.db.transaction().execute(async (trx) => {
    const stamp = STATUS_TIMESTAMP[t.status]
    const reopening =
      t.status === 'investigating' &&
      (from === 'resolved' || from === 'followed_up' || from === 'closed')
    const changes: CaseChanges = { status: t.status, updatedAt: scope.now }
    if (stamp) changes[STAMP_FIELD[stamp]] = scope.now
    if (t.status === 'acknowledged' && c.firstRespondedAt === null)
      changes.firstRespondedAt = scope.now
    // Whoever acknowledges an unassigned case from the queue takes it.
    if (t.status === 'acknowledged' && c.ownerId === null && scope.actor.type === 'user')
      changes.ownerId = scope.actor.id
    if (reopening)
      Object.assign(changes, {
        reopened: c.reopened + 1,
        resolvedAt: null,
        followedUpAt: null,
        closedAt: null,
        followUpInvitationId: null,
        followUpResponseId: null,
        followUpSatisfied: null,
      } satisfies CaseChanges)
    if (t.status === 'followed_up' && t.satisfied !== undefined)
      changes.followUpSatisfied = t.satisfied ? 1 : 0
    if (kind === 'inquiry') changes.outcome = t.status === 'resolved' ? 'answered' : null
    if (!(await updateCase(trx, c.id, changes, { status: from })))
      throw new ConflictError('CASE_CHANGED', 'The case changed meanwhile; reload it.', [
        { path: 'status', reason: 'changed meanwhile' },
      ])
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: c.id,
      type: reopening ? 'reopened' : 'status',
      actor: scope.actor,
      now: scope.now,
      ...(t.note ? { body: t.note } : {}),
      ...(notice ? { delivery: notice.delivery } : {}),
      detail: {
        from,
        to: t.status,
        ...(t.satisfied !== undefined ? { satisfied: t.satisfied } : {}),
        ...notice?.detail,
      },
    })
    // The follow-up survey asks whether a recovery worked: complaints only.
    if (t.status === 'resolved' && kind === 'complaint')
      await queueCaseFollowUp({ ...scope, db: trx }, c, config)
    await recordAudit(trx, scope, {
      action: 'case.transition',
      entity: 'case',
      entityId: c.id,
      detail: { from, to: t.status },
    })
  })
  if (notice) onTold?.()
}

/** An inquiry is answered: resolving one needs a reply to the customer on its timeline. */
async function assertInquiryAnswered(scope: Scope, caseId: string): Promise<void> {
  const events = await listCaseEvents(scope.db, caseId)
  if (events.some((e) => e.type === 'reply' && e.visibility === 'customer')) return
  throw new ValidationError(
    'INQUIRY_ANSWER_REQUIRED',
    'Reply to the customer before resolving the inquiry.',
    [{ path: 'status', reason: 'an inquiry is resolved by answering it' }],
  )
}

/**
 * An internal note, or a reply to the customer (the first reply is the first response); a reply
 * to be e-mailed wakes the jobs that send it.
 */
export async function addCaseMessage(
  scope: Scope,
  caseId: string,
  input: unknown,
  wakeJobs: WakeJobs,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const m = parseInput(MessageInputSchema, input, 'message')
  const c = await loadCase(scope, caseId)
  const delivery = await scope.db.transaction().execute(async (trx) => {
    if (m.visibility === 'customer' && c.firstRespondedAt === null)
      await updateCase(
        trx,
        c.id,
        { firstRespondedAt: scope.now, updatedAt: scope.now },
        { unset: 'firstRespondedAt' },
      )
    const feedback = (await feedbackForCases(trx, [c.feedbackId])).get(c.feedbackId)
    // Replies go back by the channel the case came from (sent by the background job).
    const via = m.visibility === 'customer' && feedback ? replyRouteOf(feedback) : null
    const delivery = m.visibility === 'customer' ? (via ? 'pending' : 'none') : undefined
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: c.id,
      type: m.visibility === 'customer' ? 'reply' : 'note',
      visibility: m.visibility,
      actor: scope.actor,
      body: m.body,
      now: scope.now,
      ...(delivery ? { delivery } : {}),
      ...(via ? { detail: { via } } : {}),
    })
    return delivery
  })
  if (delivery === 'pending') wakeJobs()
  return getCase(scope, caseId)
}

export async function assignCase(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const a = parseInput(AssignInputSchema, input, 'assignment')
  const owner = await assignableOwner(scope, a.ownerId)
  await giveCase(scope, caseId, owner, a.department)
  return getCase(scope, caseId)
}

/** The user a case may be given to: one of the organisation's, neither deleted nor disabled. */
export async function assignableOwner(scope: Scope, ownerId: string): Promise<DirectoryUser> {
  const owner = await findUserInDirectory(scope, ownerId)
  if (!owner || owner.deleted)
    throw new NotFoundError('USER_NOT_FOUND', `No user ${ownerId}.`, [
      { path: 'ownerId', reason: 'unknown user' },
    ])
  if (owner.disabled) {
    throw new ConflictError('USER_INACTIVE', 'A disabled user cannot own cases.', [
      { path: 'ownerId', reason: 'the user is disabled' },
    ])
  }
  return owner
}

/**
 * Give the case to `owner` (and a department: the one asked for, else the owner's, else the
 * case's), with its timeline line, in one transaction. Giving a case to whom already has it
 * in that department changes nothing.
 */
export async function giveCase(
  scope: Scope,
  caseId: string,
  owner: DirectoryUser,
  askedDepartment?: string,
): Promise<void> {
  const c = await loadCase(scope, caseId)
  const department = askedDepartment ?? owner.department ?? c.department
  if (c.ownerId === owner.id && c.department === department) return
  await scope.db.transaction().execute(async (trx) => {
    await updateCase(trx, c.id, { ownerId: owner.id, department, updatedAt: scope.now })
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: c.id,
      type: 'assigned',
      actor: scope.actor,
      now: scope.now,
      detail: { from: c.ownerId, to: owner.id, department },
    })
    // The new owner is told, unless they took the case themselves.
    await notifyMembers(trx, scope, {
      kind: 'case_assigned',
      params: {
        caseId: c.id,
        caseNumber: caseNumber(c.number),
        caseTitle: await titleToTell({ db: trx, orgId: scope.orgId }, c),
      },
      link: `/app/cases/${c.id}`,
      eventKey: `case_assigned:${c.id}:${scope.now}:${owner.id}`,
      memberIds: owner.id === scope.actor.id ? [] : [owner.id],
    })
  })
}

/** Cause (from the taxonomy), responsibility, assessed loss, priority. */
export async function recordRecovery(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const r = parseInput(RecoveryInputSchema, input, 'recovery')
  const c = await loadCase(scope, caseId)
  // Praise has no fault to assign: whose responsibility it was (which the appraisal's complaint
  // penalty follows) or a loss to assess make no sense for it.
  if (c.kind === 'praise' && (r.responsibility !== undefined || r.assessedLoss !== undefined))
    throw new ConflictError(
      'PRAISE_RESPONSIBILITY_NOT_ALLOWED',
      `${caseNumber(c.number)} is praise: it takes no responsibility or assessed loss.`,
      [
        {
          path: r.responsibility !== undefined ? 'responsibility' : 'assessedLoss',
          reason: 'not recorded for praise',
        },
      ],
      { kind: 'praise' },
    )
  const config = await loadCaseConfig(scope)
  if (r.cause !== undefined && !config.causes.some((k) => k.key === r.cause)) {
    throw new ValidationError('VALIDATION_FAILED', `Unknown cause "${r.cause}".`, [
      {
        path: 'cause',
        reason: 'not in the cause taxonomy',
        allowed: config.causes.map((k) => k.key).join(', '),
      },
    ])
  }
  const changes: CaseChanges = { updatedAt: scope.now }
  if (r.cause !== undefined) changes.cause = r.cause
  if (r.responsibility !== undefined) changes.responsibility = r.responsibility
  if (r.assessedLoss !== undefined) changes.assessedLoss = r.assessedLoss
  if (r.priority !== undefined) changes.priority = r.priority
  if (r.unitId !== undefined) {
    // A unit of the organisation, and one the actor may see when limited to units.
    if (
      r.unitId !== null &&
      (!isRecordWithinUnits(scope, r.unitId) || !(await unitById(scope, r.unitId)))
    )
      throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${r.unitId} in this organisation.`, [
        { path: 'unitId', reason: 'unknown unit' },
      ])
    changes.unitId = r.unitId
  }
  await scope.db.transaction().execute(async (trx) => {
    await updateCase(trx, c.id, changes)
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: c.id,
      type: 'recovery',
      actor: scope.actor,
      now: scope.now,
      detail: r,
    })
  })
  return getCase(scope, caseId)
}
