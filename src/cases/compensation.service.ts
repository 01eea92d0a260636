import { recordAudit } from '../audit/audit.service.js'
import { activeCaseWorkers } from '../auth/user-directory.service.js'
import { notifyMembers } from '../notifications/notification.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { loadCaseConfig } from './case-config.js'
import { addCaseEvent } from './case-events.js'
import { CompensationInputSchema, type CaseDetail, type Compensation } from './case.schema.js'
import { getCase, loadCase } from './case-query.service.js'
import { caseNumber, toCompensation } from './case-summary.js'
import {
  aboveAuthority,
  EMOTIONAL_KINDS,
  withinAuthority,
  type CompensationKind,
} from './compensation-authority.js'
import {
  decidePendingCompensation,
  findCompensation,
  insertCompensation,
  pendingCompensations,
} from './compensation.repository.js'
import { titleToTell } from './case-withheld.js'

// Compensation on a case: granted within one's authority, above it requested and approved (or
// rejected) by the next level.

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
  const found = await loadCase(scope, caseId)
  const config = await loadCaseConfig(scope)
  const emotional = EMOTIONAL_KINDS.includes(c.kind as CompensationKind)
  const allowed = emotional || withinAuthority(scope.actor.role, c.amount, config.authority)
  if (!allowed && !c.requestApproval)
    throw aboveAuthority(scope.actor.role, c.amount, config.authority)
  const status = allowed ? 'granted' : 'pending_approval'
  // Who can decide a request: the organisation's active supervisors other than the requester.
  const approvers = allowed
    ? []
    : (await activeCaseWorkers(scope))
        .filter((u) => u.role === 'supervisor' && u.id !== scope.actor.id)
        .map((u) => u.id)
  await scope.db.transaction().execute(async (trx) => {
    const id = newId(scope.now)
    await insertCompensation(trx, {
      id,
      orgId: scope.orgId,
      caseId: found.id,
      kind: c.kind,
      amount: c.amount,
      note: c.note ?? null,
      status,
      requestedBy: scope.actor.id,
      decidedBy: allowed ? scope.actor.id : null,
      decidedAt: allowed ? scope.now : null,
      createdAt: scope.now,
    })
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: found.id,
      type: 'compensation',
      actor: scope.actor,
      now: scope.now,
      ...(c.note ? { body: c.note } : {}),
      detail: { compensationId: id, kind: c.kind, amount: c.amount, status },
    })
    await recordAudit(trx, scope, {
      action: 'compensation.request',
      entity: 'case',
      entityId: found.id,
      detail: { kind: c.kind, amount: c.amount, status },
    })
    if (status === 'pending_approval')
      await notifyMembers(trx, scope, {
        kind: 'approval_requested',
        params: {
          caseId: found.id,
          caseNumber: caseNumber(found.number),
          caseTitle: await titleToTell({ db: trx, orgId: scope.orgId }, found),
          amount: c.amount,
        },
        link: `/app/cases/${found.id}`,
        eventKey: `approval_requested:${id}`,
        memberIds: approvers,
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
  const comp = await findCompensation(scope.db, scope.orgId, compensationId)
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
  if (comp.requestedBy === scope.actor.id)
    throw new ForbiddenError(
      'APPROVAL_BY_REQUESTER',
      'Someone other than the requester must approve.',
      [{ path: 'id', reason: 'you requested it' }],
    )
  const config = await loadCaseConfig(scope)
  if (approve && !withinAuthority(scope.actor.role, comp.amount, config.authority))
    throw aboveAuthority(scope.actor.role, comp.amount, config.authority)
  const status = approve ? 'approved' : 'rejected'
  const decidedCase = await loadCase(scope, comp.caseId)
  await scope.db.transaction().execute(async (trx) => {
    const decided = await decidePendingCompensation(trx, comp.id, {
      status,
      decidedBy: scope.actor.id,
      decidedAt: scope.now,
    })
    if (!decided)
      throw new ConflictError('COMPENSATION_DECIDED', 'This compensation was decided meanwhile.', [
        { path: 'status', reason: 'decided meanwhile' },
      ])
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: comp.caseId,
      type: 'approval',
      actor: scope.actor,
      now: scope.now,
      detail: { compensationId: comp.id, status, amount: comp.amount, kind: comp.kind },
    })
    await recordAudit(trx, scope, {
      action: `compensation.${status}`,
      entity: 'case',
      entityId: comp.caseId,
      detail: { compensationId: comp.id, amount: comp.amount },
    })
    // The requester learns the decision (until now an agent was never told).
    await notifyMembers(trx, scope, {
      kind: 'approval_decided',
      params: {
        caseId: comp.caseId,
        caseNumber: caseNumber(decidedCase.number),
        caseTitle: await titleToTell({ db: trx, orgId: scope.orgId }, decidedCase),
        amount: comp.amount,
        decision: status,
      },
      link: `/app/cases/${comp.caseId}`,
      eventKey: `approval_decided:${comp.id}`,
      memberIds: [comp.requestedBy],
    })
  })
  return getCase(scope, comp.caseId)
}

/** Compensation requests waiting for a decision (the supervisor's approval queue). */
export async function listPendingApprovals(
  scope: Scope,
): Promise<Array<Compensation & { caseId: string; caseNumber: string }>> {
  requirePermission(scope.actor, 'cases:supervise')
  const pending = await pendingCompensations(scope.db, scope.orgId, recordsWithinUnits(scope))
  return pending.map((p) => ({
    ...toCompensation(p),
    caseId: p.caseId,
    caseNumber: caseNumber(p.caseNumber),
  }))
}
