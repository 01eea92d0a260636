import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { activeUserId, userNames } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { notifyMembers } from '../notifications/notification.service.js'
import { newId } from '../shared/ids.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { findApprovalRequired, saveApprovalRequired } from './action-plan-attachment.repository.js'
import { insertPlanEvent, updatePlan } from './action-plan.repository.js'
import {
  ApprovalDecisionSchema,
  ApprovalRequestSchema,
  type PlanDetail,
  type PlanSettings,
  PlanSettingsSchema,
} from './action-plan.schema.js'
import { getPlan, loadPlan, planNumber } from './action-plan.service.js'

/**
 * Approval of action plans, where the organisation wants it (a setting): the plan's writer asks a
 * named member, who approves or rejects it with a note; the approver is told when asked, the
 * requester when it is decided (in the app, by e-mail and through the group robots). Until it is
 * approved, such a plan does not move to "do" (PLAN_APPROVAL_REQUIRED). A rejected plan may be
 * changed and asked again.
 */

export async function planSettings(scope: Scope): Promise<PlanSettings> {
  requirePermission(scope.actor, 'responses:read')
  return { approvalRequired: await findApprovalRequired(scope.db, scope.orgId) }
}

export async function setPlanSettings(scope: Scope, input: unknown): Promise<PlanSettings> {
  requirePermission(scope.actor, 'organisation:write')
  const settings = parseInput(PlanSettingsSchema, input, 'settings')
  await scope.db.transaction().execute(async (trx) => {
    await saveApprovalRequired(
      trx,
      scope.orgId,
      settings.approvalRequired,
      scope.actor.id,
      scope.now,
    )
    await recordAudit(trx, scope, {
      action: 'plan.settings',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { approvalRequired: settings.approvalRequired },
    })
  })
  return settings
}

async function addApprovalEvent(
  trx: Db,
  scope: Scope,
  planId: string,
  type: 'approval_requested' | 'approval_decided',
  detail: Record<string, unknown>,
  note: string | null,
): Promise<string> {
  const id = newId(scope.now)
  await insertPlanEvent(trx, {
    id,
    orgId: scope.orgId,
    planId,
    type,
    actorId: scope.actor.id,
    body: note,
    detail: JSON.stringify(detail),
    createdAt: scope.now,
  })
  return id
}

/** Asks a named member (not oneself) to approve a plan not yet carried out. */
export async function requestPlanApproval(
  scope: Scope,
  planId: string,
  input: unknown,
): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:write')
  const body = parseInput(ApprovalRequestSchema, input, 'approval')
  const row = await loadPlan(scope, planId)
  if (
    row.status !== 'plan' ||
    row.approval_status === 'pending' ||
    row.approval_status === 'approved'
  )
    throw new ConflictError(
      'PLAN_APPROVAL_NOT_PENDING',
      'Approval is asked once, for a plan not yet carried out.',
      [
        {
          path: 'status',
          reason: row.approval_status
            ? `approval is ${row.approval_status}`
            : `plan is ${row.status}`,
          allowed: 'a plan in "plan", never asked or rejected',
        },
      ],
    )
  if (body.approverId === scope.actor.id)
    throw new ValidationError('PLAN_APPROVER_INVALID', 'Ask someone else to approve.', [
      { path: 'approverId', reason: 'is the one asking' },
    ])
  if ((await activeUserId(scope, body.approverId)) === null)
    throw new NotFoundError('USER_NOT_FOUND', `No active user ${body.approverId}.`, [
      { path: 'approverId', reason: 'unknown or inactive user' },
    ])
  const names = await userNames(scope, [scope.actor.id])
  await scope.db.transaction().execute(async (trx) => {
    const changed = await updatePlan(trx, scope.orgId, planId, row.status, {
      approval_status: 'pending',
      approval_requested_by: scope.actor.id,
      approval_requested_at: scope.now,
      approver_id: body.approverId,
      approval_decided_at: null,
      approval_note: body.note ?? null,
      updated_at: scope.now,
    })
    if (!changed)
      throw new ConflictError('PLAN_CHANGED', 'The plan was changed meanwhile; load it again.', [
        { path: 'status', reason: 'changed meanwhile' },
      ])
    const eventId = await addApprovalEvent(
      trx,
      scope,
      planId,
      'approval_requested',
      { approverId: body.approverId },
      body.note ?? null,
    )
    await recordAudit(trx, scope, {
      action: 'plan.approval_request',
      entity: 'action_plan',
      entityId: planId,
      detail: { approverId: body.approverId },
    })
    await notifyMembers(
      trx,
      { orgId: scope.orgId, now: scope.now },
      {
        kind: 'approval_requested',
        params: {
          planId,
          planNumber: planNumber(row.number),
          planTitle: row.title,
          actorName: names.get(scope.actor.id) ?? '',
        },
        link: `/app/plans?plan=${planId}`,
        eventKey: `plan-approval:${eventId}`,
        memberIds: [body.approverId],
      },
    )
  })
  return getPlan(scope, planId)
}

/** The named approver approves or rejects; the requester is told. */
export async function decidePlanApproval(
  scope: Scope,
  planId: string,
  input: unknown,
): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:work')
  const body = parseInput(ApprovalDecisionSchema, input, 'decision')
  const row = await loadPlan(scope, planId)
  if (row.approval_status !== 'pending')
    throw new ConflictError('PLAN_APPROVAL_NOT_PENDING', 'No approval is awaited on this plan.', [
      {
        path: 'decision',
        reason: row.approval_status ? `approval is ${row.approval_status}` : 'never asked',
      },
    ])
  if (row.approver_id !== scope.actor.id)
    throw new ForbiddenError(
      'PLAN_NOT_YOUR_APPROVAL',
      'Another member was asked to approve this plan.',
      [{ path: 'decision', reason: 'you are not the approver asked' }],
    )
  const names = await userNames(scope, [scope.actor.id])
  await scope.db.transaction().execute(async (trx) => {
    const changed = await updatePlan(trx, scope.orgId, planId, row.status, {
      approval_status: body.decision,
      approval_decided_at: scope.now,
      approval_note: body.note ?? null,
      updated_at: scope.now,
    })
    if (!changed)
      throw new ConflictError('PLAN_CHANGED', 'The plan was changed meanwhile; load it again.', [
        { path: 'status', reason: 'changed meanwhile' },
      ])
    const eventId = await addApprovalEvent(
      trx,
      scope,
      planId,
      'approval_decided',
      { decision: body.decision },
      body.note ?? null,
    )
    await recordAudit(trx, scope, {
      action: 'plan.approval_decide',
      entity: 'action_plan',
      entityId: planId,
      detail: { decision: body.decision },
    })
    await notifyMembers(
      trx,
      { orgId: scope.orgId, now: scope.now },
      {
        kind: 'approval_decided',
        params: {
          planId,
          planNumber: planNumber(row.number),
          planTitle: row.title,
          decision: body.decision,
          actorName: names.get(scope.actor.id) ?? '',
        },
        link: `/app/plans?plan=${planId}`,
        eventKey: `plan-approval:${eventId}`,
        memberIds: [row.approval_requested_by ?? row.created_by],
      },
    )
  })
  return getPlan(scope, planId)
}
