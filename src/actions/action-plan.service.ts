import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { activeUserId } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { listUnits } from '../units/unit.service.js'
import { z } from 'zod'
import {
  CommentInputSchema,
  CopyPlanSchema,
  EvidenceSchema,
  type Plan,
  type PlanDetail,
  type PlanInput,
  PlanInputSchema,
  PlanListQuerySchema,
  type PlanMetric,
  type PlanStatus,
  type PlanSummary,
  PlanTransitionSchema,
  type PlanVerdict,
  TaskInputSchema,
} from './action-plan.schema.js'
import { latestVerdicts } from './action-alert.repository.js'
import { findApprovalRequired, listAttachments } from './action-plan-attachment.repository.js'
import {
  completeTask,
  findPlan,
  insertPlan,
  insertPlanEvent,
  insertTask,
  listPlanEvents,
  listPlanRows,
  listTasks,
  nextPlanNumber,
  openPlanIdsAmong,
  type PlanRow,
  updatePlan,
} from './action-plan.repository.js'

/**
 * Action plans, the PDCA loop (Deming 1986; 戴明环): a finding in the data becomes a plan with its
 * evidence as it was then, a root cause, the metric and units it should move, an owner, tasks and
 * a deadline; it moves plan → do (the action takes effect) → check (is it working?) → act (make it
 * the standard) → closed, back from check to do for another round, or is abandoned with a reason.
 * Each step is one transaction with its history line and audit entry.
 */

/** The smallest change worth having when a plan does not say (points on each metric's scale). */
export const DEFAULT_MINIMUM_EFFECT: Record<PlanMetric, number> = { nps: 5, csat: 3, ces: 0.2 }

const NEXT: Record<PlanStatus, readonly PlanStatus[]> = {
  plan: ['do', 'abandoned'],
  do: ['check', 'abandoned'],
  check: ['act', 'do', 'abandoned'],
  act: ['closed', 'abandoned'],
  closed: [],
  abandoned: [],
}

const UnitIds = z.array(z.string())

export function planNumber(n: number): string {
  return `P-${String(n).padStart(6, '0')}`
}

export function toPlan(row: PlanRow, now: number): Plan {
  const open = row.status !== 'closed' && row.status !== 'abandoned'
  return {
    id: row.id,
    number: planNumber(row.number),
    title: row.title,
    problem: row.problem,
    causeCategory: row.cause_category,
    rootCause: row.root_cause,
    metric: row.metric as PlanMetric,
    goal: row.goal as 'increase' | 'decrease',
    minimumEffect: row.minimum_effect,
    unitIds: parseStoredJson(UnitIds, row.unit_ids, 'action_plans.unit_ids'),
    ownerId: row.owner_id,
    department: row.department,
    dueAt: row.due_at,
    actionAt: row.action_at,
    status: row.status as PlanStatus,
    abandonReason: row.abandon_reason,
    evidence: parseStoredJson(EvidenceSchema, row.evidence, 'action_plans.evidence'),
    isStandard: row.is_standard === 1,
    copiedFrom: row.copied_from,
    overdue: open && row.due_at < now,
    approval:
      row.approval_status === null
        ? null
        : {
            status: row.approval_status as 'pending' | 'approved' | 'rejected',
            requestedBy: row.approval_requested_by ?? row.created_by,
            requestedAt: row.approval_requested_at ?? row.created_at,
            approverId: row.approver_id ?? '',
            decidedAt: row.approval_decided_at,
            note: row.approval_note,
          },
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Whether the plan's units are within the actor's (a unit-limited member sees plans touching theirs). */
function visible(scope: Scope, unitIds: readonly string[]): boolean {
  if (scope.units === undefined) return true
  return unitIds.some((id) => isRecordWithinUnits(scope, id))
}

async function checkUnits(scope: Scope, unitIds: readonly string[]): Promise<void> {
  if (unitIds.length === 0 && scope.units !== undefined)
    throw new ValidationError('VALIDATION_FAILED', 'Name the units the plan is for.', [
      {
        path: 'unitIds',
        reason: 'a member limited to units plans for units',
        allowed: 'one or more of your units',
      },
    ])
  if (unitIds.length === 0) return
  const known = new Set(
    (await listUnits(scope, { at: scope.now })).filter((u) => u.closedAt === null).map((u) => u.id),
  )
  for (const id of unitIds) {
    if (!known.has(id) || !isRecordWithinUnits(scope, id))
      throw new NotFoundError('UNIT_NOT_FOUND', `No open unit ${id} in this organisation.`, [
        { path: 'unitIds', reason: `unknown unit ${id}` },
      ])
  }
}

async function checkOwner(scope: Scope, ownerId: string, path: string): Promise<void> {
  if ((await activeUserId(scope, ownerId)) === null)
    throw new NotFoundError('USER_NOT_FOUND', `No active user ${ownerId}.`, [
      { path, reason: 'unknown or inactive user' },
    ])
}

async function addEvent(
  trx: Db,
  scope: Scope,
  planId: string,
  type: string,
  detail: Record<string, unknown>,
  body: string | null = null,
): Promise<void> {
  await insertPlanEvent(trx, {
    id: newId(scope.now),
    orgId: scope.orgId,
    planId,
    type,
    actorId: scope.actor.id,
    body,
    detail: JSON.stringify(detail),
    createdAt: scope.now,
  })
}

async function storeNewPlan(
  scope: Scope,
  p: PlanInput,
  copiedFrom: string | null,
): Promise<string> {
  const id = newId(scope.now)
  // Two plans made at once may take the same next number: the loser's transaction is rolled back
  // and made again, seeing the winner's number.
  await retryOnUniqueViolation(
    () => scope.db.transaction().execute((trx) => storePlanRows(trx, scope, id, p, copiedFrom)),
    PLAN_NUMBER_ATTEMPTS,
  )
  return id
}

/** How often a new plan is tried again after losing its next number to another plan. */
const PLAN_NUMBER_ATTEMPTS = 8

/** The plan's rows, its history line and audit entry, in the caller's transaction; its number. */
async function storePlanRows(
  trx: Db,
  scope: Scope,
  id: string,
  p: PlanInput,
  copiedFrom: string | null,
): Promise<number> {
  const number = await nextPlanNumber(trx, scope.orgId)
  await insertPlan(trx, {
    id,
    org_id: scope.orgId,
    number,
    title: p.title,
    problem: p.problem,
    cause_category: p.causeCategory,
    root_cause: p.rootCause,
    metric: p.metric,
    goal: p.goal ?? 'increase',
    minimum_effect: p.minimumEffect ?? DEFAULT_MINIMUM_EFFECT[p.metric],
    unit_ids: JSON.stringify(p.unitIds),
    owner_id: p.ownerId,
    department: p.department ?? null,
    due_at: p.dueAt,
    action_at: null,
    status: 'plan',
    abandon_reason: null,
    evidence: JSON.stringify(p.evidence),
    is_standard: 0,
    copied_from: copiedFrom,
    created_by: scope.actor.id,
    created_at: scope.now,
    updated_at: scope.now,
    approval_status: null,
    approval_requested_by: null,
    approval_requested_at: null,
    approver_id: null,
    approval_decided_at: null,
    approval_note: null,
  })
  await addEvent(trx, scope, id, copiedFrom ? 'copied' : 'created', {
    copiedFrom,
    source: p.evidence.source,
  })
  await recordAudit(trx, scope, {
    action: 'plan.create',
    entity: 'action_plan',
    entityId: id,
    detail: { number: planNumber(number), metric: p.metric, units: p.unitIds.length, copiedFrom },
  })
  return number
}

/** A new plan from a finding, with its evidence as the user saw it. */
export async function createPlan(scope: Scope, input: unknown): Promise<PlanDetail> {
  const made = await retryOnUniqueViolation(
    () => scope.db.transaction().execute((trx) => createPlanInTransaction(trx, scope, input)),
    PLAN_NUMBER_ATTEMPTS,
  )
  return getPlan(scope, made.id)
}

/**
 * createPlan in the caller's open transaction (Kysely cannot nest transactions), so that the plan
 * and what the caller writes with it (a suggestion adopted into it) are stored or refused
 * together. A plan made at the same time may take the same next number: the unique violation
 * fails the caller's transaction, which the caller runs again whole with retryOnUniqueViolation,
 * as createPlan does.
 */
export async function createPlanInTransaction(
  trx: Db,
  scope: Scope,
  input: unknown,
): Promise<{ id: string; number: string }> {
  requirePermission(scope.actor, 'plans:write')
  const p = parseInput(PlanInputSchema, input, 'plan')
  // Every read goes through the transaction: on SQLite it holds the only connection.
  const inTransaction = { ...scope, db: trx }
  await checkUnits(inTransaction, p.unitIds)
  await checkOwner(inTransaction, p.ownerId, 'ownerId')
  const id = newId(scope.now)
  return { id, number: planNumber(await storePlanRows(trx, scope, id, p, null)) }
}

/**
 * Of these plans, the ones still open (not closed or abandoned), read in `db` (the caller's
 * transaction, if any): a domain that links its rows to a plan refuses a second open one.
 */
export async function openPlanIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  return new Set(await openPlanIdsAmong(db, orgId, ids))
}

/** A plan the actor may see, or PLAN_NOT_FOUND. */
export async function loadPlan(scope: Scope, id: string): Promise<PlanRow> {
  const row = await findPlan(scope.db, scope.orgId, id)
  if (!row || !visible(scope, parseStoredJson(UnitIds, row.unit_ids, 'action_plans.unit_ids')))
    throw new NotFoundError('PLAN_NOT_FOUND', `No action plan ${id}.`, [
      { path: 'id', reason: 'unknown plan' },
    ])
  return row
}

export async function getPlan(scope: Scope, id: string): Promise<PlanDetail> {
  requirePermission(scope.actor, 'responses:read')
  const row = await loadPlan(scope, id)
  const [tasks, events, attachments, approvalRequired] = await Promise.all([
    listTasks(scope.db, scope.orgId, id),
    listPlanEvents(scope.db, scope.orgId, id),
    listAttachments(scope.db, scope.orgId, id),
    findApprovalRequired(scope.db, scope.orgId),
  ])
  return {
    ...toPlan(row, scope.now),
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      ownerId: t.ownerId,
      dueAt: t.dueAt,
      doneAt: t.doneAt,
    })),
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      actorId: e.actorId,
      body: e.body,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
      createdAt: e.createdAt,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      sha256: a.sha256,
      uploadedBy: a.uploaded_by,
      createdAt: a.created_at,
    })),
    approvalRequired,
  }
}

/** The plans overview: each plan with the verdict last recorded for it (null: not judged yet). */
export async function listPlans(scope: Scope, query: unknown): Promise<{ plans: PlanSummary[] }> {
  requirePermission(scope.actor, 'responses:read')
  const q = parseInput(PlanListQuerySchema, query, 'query')
  const [rows, verdicts] = await Promise.all([
    listPlanRows(scope.db, scope.orgId, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.open ? { open: q.open === 'true' } : {}),
    }),
    latestVerdicts(scope.db, scope.orgId),
  ])
  const plans = rows
    .map((r) => toPlan(r, scope.now))
    .filter((p) => visible(scope, p.unitIds))
    .map((p) => ({ ...p, verdict: (verdicts.get(p.id)?.verdict ?? null) as PlanVerdict | null }))
  return { plans }
}

/** Moves a plan along the PDCA loop (or abandons it, with a reason). */
export async function transitionPlan(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:write')
  const t = parseInput(PlanTransitionSchema, input, 'transition')
  const row = await loadPlan(scope, id)
  const from = row.status as PlanStatus
  if (!NEXT[from].includes(t.status))
    throw new ConflictError(
      'PLAN_TRANSITION_INVALID',
      `A plan in "${from}" cannot move to "${t.status}".`,
      [
        {
          path: 'status',
          reason: `from ${from}`,
          allowed: NEXT[from].join(', ') || 'none (final)',
        },
      ],
      { from, to: t.status },
    )
  if (t.status === 'abandoned' && !t.reason)
    throw new ValidationError('VALIDATION_FAILED', 'Say why the plan is abandoned.', [
      { path: 'reason', reason: 'required when abandoning', rule: 'required' },
    ])
  if (t.status === 'do' && from === 'plan') await requireApprovalIfWanted(scope, row)
  const actionAt =
    t.status === 'do' && row.action_at === null ? (t.actionAt ?? scope.now) : row.action_at
  await scope.db.transaction().execute(async (trx) => {
    const changed = await updatePlan(trx, scope.orgId, id, from, {
      status: t.status,
      action_at: actionAt,
      abandon_reason: t.status === 'abandoned' ? (t.reason ?? null) : row.abandon_reason,
      updated_at: scope.now,
    })
    if (!changed)
      throw new ConflictError('PLAN_CHANGED', 'The plan was changed meanwhile; load it again.', [
        { path: 'status', reason: 'changed meanwhile' },
      ])
    await addEvent(trx, scope, id, 'status', { from, to: t.status, actionAt }, t.reason ?? null)
    await recordAudit(trx, scope, {
      action: 'plan.status',
      entity: 'action_plan',
      entityId: id,
      detail: { from, to: t.status },
    })
  })
  return getPlan(scope, id)
}

/** Where the organisation approves plans, one moves to "do" only once approved. */
async function requireApprovalIfWanted(scope: Scope, row: PlanRow): Promise<void> {
  if (row.approval_status === 'approved') return
  if (!(await findApprovalRequired(scope.db, scope.orgId))) return
  throw new ConflictError(
    'PLAN_APPROVAL_REQUIRED',
    'This organisation approves plans before they are carried out; ask for approval first.',
    [
      {
        path: 'status',
        reason: row.approval_status ? `approval is ${row.approval_status}` : 'not approved',
        allowed: 'an approved plan',
      },
    ],
  )
}

function requireOpen(row: PlanRow): void {
  if (row.status === 'closed' || row.status === 'abandoned')
    throw new ConflictError('PLAN_TRANSITION_INVALID', `The plan is ${row.status}.`, [
      { path: 'status', reason: `is ${row.status}` },
    ])
}

export async function addTask(scope: Scope, planId: string, input: unknown): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:write')
  const task = parseInput(TaskInputSchema, input, 'task')
  const row = await loadPlan(scope, planId)
  requireOpen(row)
  await checkOwner(scope, task.ownerId, 'ownerId')
  await scope.db.transaction().execute(async (trx) => {
    const id = newId(scope.now)
    await insertTask(trx, {
      id,
      orgId: scope.orgId,
      planId,
      title: task.title,
      ownerId: task.ownerId,
      dueAt: task.dueAt,
      doneAt: null,
      createdAt: scope.now,
    })
    await addEvent(
      trx,
      scope,
      planId,
      'task_added',
      { taskId: id, ownerId: task.ownerId, dueAt: task.dueAt },
      task.title,
    )
  })
  return getPlan(scope, planId)
}

/** A task is done: by its owner, the plan's owner or whoever may write plans. */
export async function finishTask(
  scope: Scope,
  planId: string,
  taskId: string,
): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:work')
  const row = await loadPlan(scope, planId)
  const task = (await listTasks(scope.db, scope.orgId, planId)).find((t) => t.id === taskId)
  if (!task)
    throw new NotFoundError('PLAN_TASK_NOT_FOUND', `No task ${taskId} on this plan.`, [
      { path: 'taskId', reason: 'unknown task' },
    ])
  if (task.ownerId !== scope.actor.id && row.owner_id !== scope.actor.id)
    requirePermission(scope.actor, 'plans:write')
  await scope.db.transaction().execute(async (trx) => {
    if (!(await completeTask(trx, scope.orgId, planId, taskId, scope.now)))
      throw new ConflictError('PLAN_TASK_DONE', 'This task is done already.', [
        { path: 'taskId', reason: 'done' },
      ])
    await addEvent(trx, scope, planId, 'task_done', { taskId }, task.title)
  })
  return getPlan(scope, planId)
}

export async function commentOnPlan(
  scope: Scope,
  planId: string,
  input: unknown,
): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:work')
  const { body } = parseInput(CommentInputSchema, input, 'comment')
  const row = await loadPlan(scope, planId)
  const tasks = await listTasks(scope.db, scope.orgId, planId)
  const involved =
    row.owner_id === scope.actor.id || tasks.some((t) => t.ownerId === scope.actor.id)
  if (!involved) requirePermission(scope.actor, 'plans:write')
  await scope.db.transaction().execute(async (trx) => {
    await addEvent(trx, scope, planId, 'comment', {}, body)
  })
  return getPlan(scope, planId)
}

/** The "act" step: a plan judged effective becomes the standard way of working. */
export async function markPlanStandard(
  scope: Scope,
  planId: string,
  effective: boolean,
): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:write')
  const row = await loadPlan(scope, planId)
  if (row.status !== 'act' && row.status !== 'closed')
    throw new ConflictError(
      'PLAN_TRANSITION_INVALID',
      'Only a plan in "act" or closed becomes the standard.',
      [{ path: 'status', reason: `is ${row.status}`, allowed: 'act, closed' }],
    )
  if (!effective)
    throw new ConflictError(
      'PLAN_NOT_EFFECTIVE',
      'Only a plan judged effective becomes the standard.',
      [{ path: 'verdict', reason: 'not judged effective' }],
    )
  await scope.db.transaction().execute(async (trx) => {
    await updatePlan(trx, scope.orgId, planId, row.status, {
      is_standard: 1,
      updated_at: scope.now,
    })
    await addEvent(trx, scope, planId, 'standard', {})
    await recordAudit(trx, scope, {
      action: 'plan.standard',
      entity: 'action_plan',
      entityId: planId,
      detail: {},
    })
  })
  return getPlan(scope, planId)
}

/** A standard plan copied to other units: a new plan in "plan", pointing at the original. */
export async function copyPlan(scope: Scope, planId: string, input: unknown): Promise<PlanDetail> {
  requirePermission(scope.actor, 'plans:write')
  const { unitIds } = parseInput(CopyPlanSchema, input, 'copy')
  const original = toPlan(await loadPlan(scope, planId), scope.now)
  await checkUnits(scope, unitIds)
  const id = await storeNewPlan(
    scope,
    {
      title: original.title,
      problem: original.problem,
      causeCategory: original.causeCategory,
      rootCause: original.rootCause,
      metric: original.metric,
      goal: original.goal,
      minimumEffect: original.minimumEffect,
      unitIds,
      ownerId: original.ownerId,
      ...(original.department ? { department: original.department } : {}),
      dueAt: scope.now + Math.max(0, original.dueAt - original.createdAt),
      evidence: original.evidence,
    },
    planId,
  )
  return getPlan(scope, id)
}
