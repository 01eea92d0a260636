import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { employeeOfUser } from '../employees/employee.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import {
  answerDisputeRow,
  type DisputeRow,
  findDisputeRow,
  findMonthRow,
  insertDisputeRow,
  listDisputeRows,
  listMonthRows,
} from './appraisal.repository.js'
import { type Dispute, DisputeAnswerSchema, DisputeCreateSchema } from './appraisal.schema.js'
import { toDispute } from './dispute-view.js'
import { appraisalNotFound, resultsOf } from './appraisal-month.service.js'

/**
 * Employees' own appraisal (the employee self-service role): their result in each approved month
 * of their unit, and disputes of it — recorded as written, answered once by a supervisor of the
 * unit, never rewritten. A dispute does not change the approved month; a supervisor who agrees
 * revises the month with a reason.
 */

async function signedInEmployee(scope: Scope) {
  const employee = scope.actor.type === 'user' ? await employeeOfUser(scope, scope.actor.id) : null
  if (!employee) {
    throw new NotFoundError('EMPLOYEE_NOT_FOUND', `No employee ${scope.actor.id}.`, [], {
      id: scope.actor.id,
    })
  }
  return employee
}

/** The signed-in employee's result in every approved revision of their unit's months, newest first. */
export async function myAppraisals(scope: Scope) {
  const employee = await signedInEmployee(scope)
  if (!employee.unitId) return []
  const rows = (await listMonthRows(scope.db, scope.orgId, { unitIds: [employee.unitId] })).filter(
    (r) => r.status === 'approved',
  )
  const disputes = await listDisputeRows(
    scope.db,
    scope.orgId,
    rows.map((r) => r.id),
  )
  return rows.flatMap((row) => {
    const result = resultsOf(row).find((r) => r.employee.id === employee.id)
    if (!result) return []
    return [
      {
        id: row.id,
        month: row.month,
        revision: row.revision,
        formulaVersion: row.formulaVersion,
        approvedAt: row.approvedAt,
        result,
        disputes: disputes
          .filter((d) => d.appraisalId === row.id && d.employeeId === employee.id)
          .map(toDispute),
      },
    ]
  })
}

/** The signed-in employee disputes their result in an approved month that holds one. */
export async function createDispute(
  scope: Scope,
  appraisalId: string,
  input: unknown,
): Promise<Dispute> {
  const employee = await signedInEmployee(scope)
  const body = parseInput(DisputeCreateSchema, input, 'dispute')
  const row = await findMonthRow(scope.db, scope.orgId, appraisalId)
  const holdsResult =
    row?.status === 'approved' && resultsOf(row).some((r) => r.employee.id === employee.id)
  if (!row || !holdsResult) throw appraisalNotFound(appraisalId)
  return scope.db.transaction().execute(async (trx) => {
    const dispute: DisputeRow = {
      id: `apd_${newId(scope.now)}`,
      orgId: scope.orgId,
      appraisalId,
      employeeId: employee.id,
      text: body.text,
      status: 'open',
      answer: null,
      answeredBy: null,
      answeredAt: null,
      createdBy: scope.actor.id,
      createdAt: scope.now,
    }
    await insertDisputeRow(trx, dispute)
    await recordAudit(trx, scope, {
      action: 'appraisal.dispute.create',
      entity: 'appraisal_dispute',
      entityId: dispute.id,
      detail: { appraisalId, employeeId: employee.id },
    })
    return toDispute(dispute)
  })
}

/** A supervisor of the month's unit answers a dispute, once (APPRAISAL_DISPUTE_ANSWERED after). */
export async function answerDispute(scope: Scope, id: string, input: unknown): Promise<Dispute> {
  requirePermission(scope.actor, 'appraisal:manage')
  const body = parseInput(DisputeAnswerSchema, input, 'answer')
  return scope.db.transaction().execute(async (trx) => {
    const dispute = await findDisputeRow(trx, scope.orgId, id)
    const month = dispute ? await findMonthRow(trx, scope.orgId, dispute.appraisalId) : null
    if (!dispute || !month || !isRecordWithinUnits(scope, month.unitId)) {
      throw new NotFoundError('APPRAISAL_DISPUTE_NOT_FOUND', `No dispute ${id}.`, [], { id })
    }
    const answered = await answerDisputeRow(trx, scope.orgId, id, {
      text: body.answer,
      by: scope.actor.id,
      at: scope.now,
    })
    if (!answered) {
      throw new ConflictError(
        'APPRAISAL_DISPUTE_ANSWERED',
        'This dispute has an answer already.',
        [],
        {
          id,
        },
      )
    }
    await recordAudit(trx, scope, {
      action: 'appraisal.dispute.answer',
      entity: 'appraisal_dispute',
      entityId: id,
      detail: { appraisalId: dispute.appraisalId },
    })
    return toDispute({
      ...dispute,
      status: 'answered',
      answer: body.answer,
      answeredBy: scope.actor.id,
      answeredAt: scope.now,
    })
  })
}
