import { sql, type ExpressionBuilder, type Selectable } from 'kysely'
import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import type { Database } from '../db/database.js'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { loadCaseConfig } from './case-config.js'
import { addCaseEvent } from './case-events.js'
import { queueCaseFollowUp } from './case-follow-up.js'
import {
  AssignInputSchema,
  CaseListQuerySchema,
  CompensationInputSchema,
  MessageInputSchema,
  RecoveryInputSchema,
  TransitionInputSchema,
  type CaseDetail,
  type CaseSummary,
  type Compensation,
} from './case.schema.js'
import type { CaseTable } from './case.table.js'
import {
  aboveAuthority,
  EMOTIONAL_KINDS,
  withinAuthority,
  type CompensationKind,
} from './compensation-authority.js'
import {
  assertCaseTransition,
  NEXT_STATUSES,
  STATUS_TIMESTAMP,
  type CaseStatus,
} from './case-workflow.js'

type CaseRow = Selectable<CaseTable>
const iso = (v: number | string | null) => (v === null ? null : new Date(Number(v)).toISOString())

export function caseNumber(n: number): string {
  return `C-${String(n).padStart(6, '0')}`
}

/** The deadline still running: first response until answered, then resolution; none once resolved. */
function nextDeadline(row: CaseRow): number | null {
  if (row.resolved_at !== null || row.status === 'followed_up' || row.status === 'closed')
    return null
  return row.first_responded_at === null
    ? Number(row.first_response_due)
    : Number(row.resolution_due)
}

export function isBreached(row: CaseRow, now: number): boolean {
  const firstLate =
    (row.first_responded_at === null ? now : Number(row.first_responded_at)) >
    Number(row.first_response_due)
  const resolutionLate =
    (row.resolved_at === null ? now : Number(row.resolved_at)) > Number(row.resolution_due)
  return firstLate || resolutionLate
}

function toSummary(row: CaseRow, ownerName: string | null, now: number): CaseSummary {
  const deadline = nextDeadline(row)
  return {
    id: row.id,
    number: caseNumber(row.number),
    title: row.title,
    reason: row.reason,
    priority: row.priority,
    status: row.status,
    department: row.department,
    ownerId: row.owner_id,
    ownerName,
    customerRef: row.customer_ref,
    store: row.store,
    channel: row.channel,
    cause: row.cause,
    firstResponseDue: iso(row.first_response_due)!,
    resolutionDue: iso(row.resolution_due)!,
    firstRespondedAt: iso(row.first_responded_at),
    resolvedAt: iso(row.resolved_at),
    escalatedAt: iso(row.escalated_at),
    nextDeadline: iso(deadline),
    breached: isBreached(row, now),
    createdAt: iso(row.created_at)!,
  }
}

async function caseRow(scope: Scope, caseId: string): Promise<CaseRow> {
  const row = await scope.db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('id', '=', caseId)
    .executeTakeFirst()
  if (!row)
    throw new NotFoundError('CASE_NOT_FOUND', `No case ${caseId}.`, [
      { path: 'id', reason: 'unknown case' },
    ])
  return row
}

async function userNames(scope: Scope, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await scope.db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('org_id', '=', scope.orgId)
    .where('id', 'in', wanted)
    .execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

/**
 * What a person on the phone would type: a case number, the customer's
 * reference, phone or e-mail (from the feedback behind the case), or words
 * of the title. Wildcards typed by the user are taken literally.
 */
function searchCondition(eb: ExpressionBuilder<Database, 'cases'>, text: string) {
  const number = /^(?:c-?)?0*(\d{1,9})$/i.exec(text)
  const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const contact = eb.exists(
    eb
      .selectFrom('feedback as f')
      .select('f.id')
      .whereRef('f.id', '=', 'cases.feedback_id')
      .where((inner) =>
        inner.or([
          inner('f.customer_phone', '=', text),
          inner('f.customer_email', '=', text.toLowerCase()),
        ]),
      ),
  )
  return eb.or([
    ...(number ? [eb('number', '=', Number(number[1]))] : []),
    eb('customer_ref', '=', text),
    contact,
    eb(eb.fn<string>('lower', ['title']), 'like', sql<string>`${like} escape '\\'`),
  ])
}

export async function listCases(scope: Scope, input: unknown): Promise<CaseSummary[]> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(CaseListQuerySchema, input ?? {}, 'query')
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  let query = scope.db.selectFrom('cases').selectAll().where('org_id', '=', scope.orgId)
  if (q.view === 'mine') query = query.where('owner_id', '=', scope.actor.id)
  if (q.view === 'queue' || q.view === 'mine')
    query = query.where('status', 'in', ['new', 'acknowledged', 'investigating'])
  if (q.status) query = query.where('status', '=', q.status)
  if (q.department) query = query.where('department', '=', q.department)
  if (q.ownerId) query = query.where('owner_id', '=', q.ownerId)
  if (q.cause) query = query.where('cause', '=', q.cause)
  if (q.customerRef) query = query.where('customer_ref', '=', q.customerRef)
  if (q.q) query = query.where((eb) => searchCondition(eb, q.q!))
  if (q.from)
    query = query.where('created_at', '>=', startOfLocalDate(q.from, config.calendar.timezone))
  if (q.to)
    query = query.where(
      'created_at',
      '<',
      startOfLocalDate(q.to, config.calendar.timezone) + 86_400_000,
    )
  const rows = await query
    .orderBy('created_at', 'desc')
    .limit(q.breached ? 5000 : q.limit)
    .execute()
  const names = await userNames(
    scope,
    rows.map((r) => r.owner_id),
  )
  let cases = rows.map((r) =>
    toSummary(r, r.owner_id ? (names.get(r.owner_id) ?? null) : null, scope.now),
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
  const row = await caseRow(scope, caseId)
  const [events, compensations, feedback] = await Promise.all([
    scope.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', row.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    scope.db
      .selectFrom('compensations')
      .selectAll()
      .where('case_id', '=', row.id)
      .orderBy('created_at')
      .execute(),
    scope.db
      .selectFrom('feedback')
      .selectAll()
      .where('id', '=', row.feedback_id)
      .executeTakeFirstOrThrow(),
  ])
  const names = await userNames(scope, [row.owner_id, ...events.map((e) => e.actor_id)])
  return {
    ...toSummary(row, row.owner_id ? (names.get(row.owner_id) ?? null) : null, scope.now),
    feedbackId: row.feedback_id,
    responsibility: row.responsibility,
    assessedLoss: row.assessed_loss,
    followUpSatisfied: row.follow_up_satisfied === null ? null : row.follow_up_satisfied === 1,
    reopened: row.reopened,
    allowedNext: [...NEXT_STATUSES[row.status as CaseStatus]],
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      visibility: e.visibility as 'internal' | 'customer',
      actorType: e.actor_type,
      actorId: e.actor_id,
      actorName: names.get(e.actor_id) ?? null,
      body: e.body,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
      delivery: e.delivery,
      deliveryError: e.delivery_error,
      createdAt: iso(e.created_at)!,
    })),
    compensations: compensations.map(toCompensation),
    feedback: {
      text: feedback.text,
      channel: feedback.channel,
      kind: feedback.kind,
      nps: feedback.nps,
      csat: feedback.csat,
      customerName: feedback.customer_name,
      customerEmail: feedback.customer_email,
      customerPhone: feedback.customer_phone,
    },
  }
}

function toCompensation(c: {
  id: string
  kind: string
  amount: number
  note: string | null
  status: string
  requested_by: string
  decided_by: string | null
  created_at: number | string
}): Compensation {
  return {
    id: c.id,
    kind: c.kind,
    amount: c.amount,
    note: c.note,
    status: c.status,
    requestedBy: c.requested_by,
    decidedBy: c.decided_by,
    createdAt: iso(c.created_at)!,
  }
}

/**
 * Move a case along its workflow. Acknowledging counts as the first response;
 * resolving queues the follow-up survey; following up by hand records whether
 * the customer is satisfied; going back to investigating reopens.
 */
export async function transitionCase(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const t = parseInput(TransitionInputSchema, input, 'transition')
  const row = await caseRow(scope, caseId)
  const from = row.status as CaseStatus
  assertCaseTransition(from, t.status)
  if (t.status === 'resolved' && !row.cause) {
    throw new ValidationError('CAUSE_REQUIRED', 'Record the cause before resolving the case.', [
      { path: 'cause', reason: 'a resolved case needs a cause from the taxonomy' },
    ])
  }
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  await scope.db.transaction().execute(async (trx) => {
    const stamp = STATUS_TIMESTAMP[t.status]
    const reopening =
      t.status === 'investigating' &&
      (from === 'resolved' || from === 'followed_up' || from === 'closed')
    const changes: Partial<CaseRow> = { status: t.status, updated_at: scope.now }
    if (stamp) changes[stamp] = scope.now
    if (t.status === 'acknowledged' && row.first_responded_at === null)
      changes.first_responded_at = scope.now
    // Whoever acknowledges an unassigned case from the queue takes it.
    if (t.status === 'acknowledged' && row.owner_id === null && scope.actor.type === 'user')
      changes.owner_id = scope.actor.id
    if (reopening)
      Object.assign(changes, {
        reopened: row.reopened + 1,
        resolved_at: null,
        followed_up_at: null,
        closed_at: null,
        follow_up_invitation_id: null,
        follow_up_response_id: null,
        follow_up_satisfied: null,
      })
    if (t.status === 'followed_up' && t.satisfied !== undefined)
      changes.follow_up_satisfied = t.satisfied ? 1 : 0
    const moved = await trx
      .updateTable('cases')
      .set(changes)
      .where('id', '=', row.id)
      .where('status', '=', from)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) === 0)
      throw new ConflictError('CASE_CHANGED', 'The case changed meanwhile; reload it.', [
        { path: 'status', reason: 'changed meanwhile' },
      ])
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: row.id,
      type: reopening ? 'reopened' : 'status',
      actor: scope.actor,
      now: scope.now,
      ...(t.note ? { body: t.note } : {}),
      detail: {
        from,
        to: t.status,
        ...(t.satisfied !== undefined ? { satisfied: t.satisfied } : {}),
      },
    })
    if (t.status === 'resolved')
      await queueCaseFollowUp(trx, scope.orgId, row.id, config, scope.now)
    await recordAudit(trx, scope, {
      action: 'case.transition',
      entity: 'case',
      entityId: row.id,
      detail: { from, to: t.status },
    })
  })
  return getCase(scope, caseId)
}

/** An internal note, or a reply to the customer (the first reply is the first response). */
export async function addCaseMessage(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const m = parseInput(MessageInputSchema, input, 'message')
  const row = await caseRow(scope, caseId)
  await scope.db.transaction().execute(async (trx) => {
    if (m.visibility === 'customer' && row.first_responded_at === null) {
      await trx
        .updateTable('cases')
        .set({ first_responded_at: scope.now, updated_at: scope.now })
        .where('id', '=', row.id)
        .where('first_responded_at', 'is', null)
        .execute()
    }
    const feedback = await trx
      .selectFrom('feedback')
      .select('customer_email')
      .where('id', '=', row.feedback_id)
      .executeTakeFirstOrThrow()
    // Replies go to the customer by e-mail when they left an address (sent by the background job).
    const delivery =
      m.visibility === 'customer' ? (feedback.customer_email ? 'pending' : 'none') : undefined
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: row.id,
      type: m.visibility === 'customer' ? 'reply' : 'note',
      visibility: m.visibility,
      actor: scope.actor,
      body: m.body,
      now: scope.now,
      ...(delivery ? { delivery } : {}),
    })
  })
  return getCase(scope, caseId)
}

export async function assignCase(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const a = parseInput(AssignInputSchema, input, 'assignment')
  const row = await caseRow(scope, caseId)
  const owner = await scope.db
    .selectFrom('users')
    .select(['id', 'department', 'disabled_at', 'deleted_at'])
    .where('org_id', '=', scope.orgId)
    .where('id', '=', a.ownerId)
    .executeTakeFirst()
  if (!owner || owner.deleted_at !== null)
    throw new NotFoundError('USER_NOT_FOUND', `No user ${a.ownerId}.`, [
      { path: 'ownerId', reason: 'unknown user' },
    ])
  if (owner.disabled_at !== null) {
    throw new ConflictError('USER_INACTIVE', 'A disabled user cannot own cases.', [
      { path: 'ownerId', reason: 'the user is disabled' },
    ])
  }
  const department = a.department ?? owner.department ?? row.department
  await scope.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('cases')
      .set({ owner_id: owner.id, department, updated_at: scope.now })
      .where('id', '=', row.id)
      .execute()
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: row.id,
      type: 'assigned',
      actor: scope.actor,
      now: scope.now,
      detail: { from: row.owner_id, to: owner.id, department },
    })
  })
  return getCase(scope, caseId)
}

/** Cause (from the taxonomy), responsibility, assessed loss, priority. */
export async function recordRecovery(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const r = parseInput(RecoveryInputSchema, input, 'recovery')
  const row = await caseRow(scope, caseId)
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  if (r.cause !== undefined && !config.causes.some((c) => c.key === r.cause)) {
    throw new ValidationError('VALIDATION_FAILED', `Unknown cause "${r.cause}".`, [
      {
        path: 'cause',
        reason: 'not in the cause taxonomy',
        allowed: config.causes.map((c) => c.key).join(', '),
      },
    ])
  }
  const changes: Partial<CaseRow> = { updated_at: scope.now }
  if (r.cause !== undefined) changes.cause = r.cause
  if (r.responsibility !== undefined) changes.responsibility = r.responsibility
  if (r.assessedLoss !== undefined) changes.assessed_loss = r.assessedLoss
  if (r.priority !== undefined) changes.priority = r.priority
  await scope.db.transaction().execute(async (trx) => {
    await trx.updateTable('cases').set(changes).where('id', '=', row.id).execute()
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: row.id,
      type: 'recovery',
      actor: scope.actor,
      now: scope.now,
      detail: r,
    })
  })
  return getCase(scope, caseId)
}

/**
 * Grant compensation within one's authority; above it, 403 naming the limit —
 * or, when asked, a request the next level approves.
 */
export async function grantCompensation(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:work')
  const c = parseInput(CompensationInputSchema, input, 'compensation')
  const row = await caseRow(scope, caseId)
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  const emotional = EMOTIONAL_KINDS.includes(c.kind as CompensationKind)
  const allowed = emotional || withinAuthority(scope.actor.role, c.amount, config.authority)
  if (!allowed && !c.requestApproval)
    throw aboveAuthority(scope.actor.role, c.amount, config.authority)
  const status = allowed ? 'granted' : 'pending_approval'
  await scope.db.transaction().execute(async (trx) => {
    const id = newId(scope.now)
    await trx
      .insertInto('compensations')
      .values({
        id,
        org_id: scope.orgId,
        case_id: row.id,
        kind: c.kind,
        amount: c.amount,
        note: c.note ?? null,
        status,
        requested_by: scope.actor.id,
        decided_by: allowed ? scope.actor.id : null,
        decided_at: allowed ? scope.now : null,
        created_at: scope.now,
      })
      .execute()
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: row.id,
      type: 'compensation',
      actor: scope.actor,
      now: scope.now,
      ...(c.note ? { body: c.note } : {}),
      detail: { compensationId: id, kind: c.kind, amount: c.amount, status },
    })
    await recordAudit(trx, scope, {
      action: 'compensation.request',
      entity: 'case',
      entityId: row.id,
      detail: { kind: c.kind, amount: c.amount, status },
    })
  })
  return getCase(scope, caseId)
}

/** Approve or reject a compensation above its requester's authority; the approver's own limit must cover it. */
export async function decideCompensation(
  scope: Scope,
  compensationId: string,
  approve: boolean,
): Promise<CaseDetail> {
  requirePermission(scope.actor, 'cases:supervise')
  const comp = await scope.db
    .selectFrom('compensations')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('id', '=', compensationId)
    .executeTakeFirst()
  if (!comp)
    throw new NotFoundError('COMPENSATION_NOT_FOUND', `No compensation ${compensationId}.`, [
      { path: 'id', reason: 'unknown compensation' },
    ])
  if (comp.status !== 'pending_approval')
    throw new ConflictError(
      'COMPENSATION_DECIDED',
      `This compensation is already ${comp.status}.`,
      [{ path: 'status', reason: `is ${comp.status}` }],
      { status: comp.status },
    )
  if (comp.requested_by === scope.actor.id)
    throw new ForbiddenError(
      'APPROVAL_BY_REQUESTER',
      'Someone other than the requester must approve.',
      [{ path: 'id', reason: 'you requested it' }],
    )
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  if (approve && !withinAuthority(scope.actor.role, comp.amount, config.authority))
    throw aboveAuthority(scope.actor.role, comp.amount, config.authority)
  const status = approve ? 'approved' : 'rejected'
  await scope.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('compensations')
      .set({ status, decided_by: scope.actor.id, decided_at: scope.now })
      .where('id', '=', comp.id)
      .where('status', '=', 'pending_approval')
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) === 0)
      throw new ConflictError('COMPENSATION_DECIDED', 'This compensation was decided meanwhile.', [
        { path: 'status', reason: 'decided meanwhile' },
      ])
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: comp.case_id,
      type: 'approval',
      actor: scope.actor,
      now: scope.now,
      detail: { compensationId: comp.id, status, amount: comp.amount, kind: comp.kind },
    })
    await recordAudit(trx, scope, {
      action: `compensation.${status}`,
      entity: 'case',
      entityId: comp.case_id,
      detail: { compensationId: comp.id, amount: comp.amount },
    })
  })
  return getCase(scope, comp.case_id)
}

/** Compensation requests waiting for a decision (the supervisor's approval queue). */
export async function listPendingApprovals(
  scope: Scope,
): Promise<Array<Compensation & { caseId: string; caseNumber: string }>> {
  requirePermission(scope.actor, 'cases:supervise')
  const rows = await scope.db
    .selectFrom('compensations as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .selectAll('p')
    .select(['c.number'])
    .where('p.org_id', '=', scope.orgId)
    .where('p.status', '=', 'pending_approval')
    .orderBy('p.created_at')
    .execute()
  return rows.map((r) => ({
    ...toCompensation(r),
    caseId: r.case_id,
    caseNumber: caseNumber(r.number),
  }))
}
