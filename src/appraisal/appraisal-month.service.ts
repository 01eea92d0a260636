import { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, recordsWithinUnits, type Scope } from '../db/scope.js'
import { requireEmployeeUnit } from '../employees/employee.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import {
  approveMonthRow,
  findMonthRow,
  insertMonthRow,
  latestMonthRow,
  listDisputeRows,
  listMonthRows,
  type MonthRow,
  updateDraftMonthRow,
} from './appraisal.repository.js'
import {
  AppraisalComputeSchema,
  AppraisalListQuerySchema,
  type AppraisalMonth,
  type AppraisalMonthSummary,
  AppraisalResultSchema,
  AppraisalReviseSchema,
} from './appraisal.schema.js'
import { toDispute } from './dispute-view.js'
import { formulaVersion } from './appraisal-formula.service.js'
import { scoreUnitMonth } from './appraisal-scoring.service.js'

/**
 * Monthly appraisal of a unit's employees (issue 19). A month is computed as a draft with the
 * organisation's current formula (recomputed at will), then approved by a supervisor: from then
 * on that revision never changes — computing or approving it again is refused with
 * APPRAISAL_APPROVED. A change after approval is a new revision with a recorded reason (audited),
 * the approved one kept as it was.
 */

const ResultsSchema = z.array(AppraisalResultSchema)

export function appraisalNotFound(id: string): NotFoundError {
  return new NotFoundError('APPRAISAL_NOT_FOUND', `No appraisal month ${id}.`, [], { id })
}

function approvedError(row: MonthRow): ConflictError {
  return new ConflictError(
    'APPRAISAL_APPROVED',
    `The ${row.month} appraisal (revision ${row.revision}) is approved and locked; revise it with a reason.`,
    [],
    { id: row.id, month: row.month, revision: row.revision },
  )
}

export function resultsOf(row: MonthRow) {
  return parseStoredJson(ResultsSchema, row.results, 'appraisal_months.results')
}

export function toSummary(row: MonthRow, latestRevision: number): AppraisalMonthSummary {
  return {
    id: row.id,
    unitId: row.unitId,
    month: row.month,
    revision: row.revision,
    status: row.status as 'draft' | 'approved',
    formulaVersion: row.formulaVersion,
    computedBy: row.computedBy,
    computedAt: row.computedAt,
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt,
    revisesId: row.revisesId,
    reason: row.reason,
    superseded: row.revision < latestRevision,
  }
}

/** A month the caller may see (APPRAISAL_NOT_FOUND otherwise, also outside their units). */
export async function requireMonth(db: Db, scope: Scope, id: string): Promise<MonthRow> {
  const row = await findMonthRow(db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unitId)) throw appraisalNotFound(id)
  return row
}

async function fullMonth(db: Db, scope: Scope, row: MonthRow): Promise<AppraisalMonth> {
  const latest = await latestMonthRow(db, scope.orgId, row.unitId, row.month)
  const formula = await formulaVersion(db, scope.orgId, row.formulaVersion)
  const disputes = await listDisputeRows(db, scope.orgId, [row.id])
  return {
    ...toSummary(row, latest?.revision ?? row.revision),
    formula: formula.spec,
    results: resultsOf(row),
    disputes: disputes.map(toDispute),
  }
}

/** Months of the caller's units (every revision), newest month first. */
export async function listMonths(scope: Scope, query: unknown): Promise<AppraisalMonthSummary[]> {
  requirePermission(scope.actor, 'appraisal:manage')
  const q = parseInput(AppraisalListQuerySchema, query, 'query')
  const within = recordsWithinUnits(scope)
  const unitIds = q.unitId ? (within && !within.includes(q.unitId) ? [''] : [q.unitId]) : within
  const rows = await listMonthRows(scope.db, scope.orgId, { unitIds, month: q.month })
  const latest = new Map<string, number>()
  for (const r of rows) {
    const key = `${r.unitId} ${r.month}`
    latest.set(key, Math.max(latest.get(key) ?? 0, r.revision))
  }
  return rows.map((r) => toSummary(r, latest.get(`${r.unitId} ${r.month}`)!))
}

export async function getMonth(scope: Scope, id: string): Promise<AppraisalMonth> {
  requirePermission(scope.actor, 'appraisal:manage')
  return fullMonth(scope.db, scope, await requireMonth(scope.db, scope, id))
}

/**
 * Scores a unit's month with the current formula: the first revision as a draft, or the draft
 * recomputed; APPRAISAL_APPROVED when the month's latest revision is approved.
 */
export async function computeMonth(scope: Scope, input: unknown): Promise<AppraisalMonth> {
  requirePermission(scope.actor, 'appraisal:manage')
  const body = parseInput(AppraisalComputeSchema, input, 'appraisal')
  await requireEmployeeUnit(scope.db, scope, body.unitId)
  const formula = await formulaVersion(scope.db, scope.orgId)
  const results = await scoreUnitMonth(scope, body.unitId, body.month, formula.spec)
  return scope.db.transaction().execute(async (trx) => {
    const latest = await latestMonthRow(trx, scope.orgId, body.unitId, body.month)
    if (latest?.status === 'approved') throw approvedError(latest)
    const changes = {
      formulaVersion: formula.version,
      results: JSON.stringify(results),
      computedBy: scope.actor.id,
      computedAt: scope.now,
    }
    let row: MonthRow
    if (latest) {
      if (!(await updateDraftMonthRow(trx, scope.orgId, latest.id, changes)))
        throw approvedError(latest)
      row = { ...latest, ...changes }
    } else {
      row = {
        id: `apm_${newId(scope.now)}`,
        orgId: scope.orgId,
        unitId: body.unitId,
        month: body.month,
        revision: 1,
        status: 'draft',
        ...changes,
        approvedBy: null,
        approvedAt: null,
        revisesId: null,
        reason: null,
        createdAt: scope.now,
      }
      await insertMonthRow(trx, row)
    }
    await recordAudit(trx, scope, {
      action: 'appraisal.compute',
      entity: 'appraisal_month',
      entityId: row.id,
      detail: {
        unitId: row.unitId,
        month: row.month,
        revision: row.revision,
        formulaVersion: formula.version,
      },
    })
    return fullMonth(trx, scope, row)
  })
}

async function requireLatest(db: Db, scope: Scope, row: MonthRow): Promise<void> {
  const latest = await latestMonthRow(db, scope.orgId, row.unitId, row.month)
  if (latest && latest.id !== row.id) {
    throw new ConflictError(
      'APPRAISAL_SUPERSEDED',
      `Revision ${latest.revision} replaces this one; act on that.`,
      [],
      { id: row.id, latestId: latest.id },
    )
  }
}

/** Draft → approved: the month locks (APPRAISAL_APPROVED when it was approved already). */
export async function approveMonth(scope: Scope, id: string): Promise<AppraisalMonth> {
  requirePermission(scope.actor, 'appraisal:manage')
  return scope.db.transaction().execute(async (trx) => {
    const row = await requireMonth(trx, scope, id)
    if (row.status === 'approved') throw approvedError(row)
    await requireLatest(trx, scope, row)
    if (!(await approveMonthRow(trx, scope.orgId, id, scope.actor.id, scope.now)))
      throw approvedError(row)
    await recordAudit(trx, scope, {
      action: 'appraisal.approve',
      entity: 'appraisal_month',
      entityId: id,
      detail: { unitId: row.unitId, month: row.month, revision: row.revision },
    })
    return fullMonth(trx, scope, {
      ...row,
      status: 'approved',
      approvedBy: scope.actor.id,
      approvedAt: scope.now,
    })
  })
}

/**
 * A change after approval: a new draft revision, scored again (with the version the approved one
 * used unless another is named), carrying the reason; audited. The approved revision stays.
 */
export async function reviseMonth(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<AppraisalMonth> {
  requirePermission(scope.actor, 'appraisal:manage')
  const body = parseInput(AppraisalReviseSchema, input, 'revision')
  const approved = await requireMonth(scope.db, scope, id)
  if (approved.status !== 'approved') {
    throw new ConflictError(
      'APPRAISAL_NOT_APPROVED',
      'Only an approved month is revised; recompute the draft instead.',
      [],
      { id },
    )
  }
  const formula = await formulaVersion(
    scope.db,
    scope.orgId,
    body.formulaVersion ?? approved.formulaVersion,
  )
  const results = await scoreUnitMonth(scope, approved.unitId, approved.month, formula.spec)
  return scope.db.transaction().execute(async (trx) => {
    await requireLatest(trx, scope, approved)
    const row: MonthRow = {
      id: `apm_${newId(scope.now)}`,
      orgId: scope.orgId,
      unitId: approved.unitId,
      month: approved.month,
      revision: approved.revision + 1,
      status: 'draft',
      formulaVersion: formula.version,
      results: JSON.stringify(results),
      computedBy: scope.actor.id,
      computedAt: scope.now,
      approvedBy: null,
      approvedAt: null,
      revisesId: approved.id,
      reason: body.reason,
      createdAt: scope.now,
    }
    await insertMonthRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'appraisal.revise',
      entity: 'appraisal_month',
      entityId: row.id,
      detail: {
        revises: approved.id,
        month: row.month,
        revision: row.revision,
        formulaVersion: formula.version,
        reason: body.reason,
      },
    })
    return fullMonth(trx, scope, row)
  })
}
