import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { requireEmployeeUnit } from '../employees/employee.service.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import { type FormulaRow, insertFormulaRow, listFormulaRows } from './appraisal.repository.js'
import {
  type AppraisalFormula,
  AppraisalFormulaCreateSchema,
  AppraisalFormulaSpecSchema,
  AppraisalPreviewSchema,
} from './appraisal.schema.js'
import { lastMonthOf, scoreUnitMonth } from './appraisal-scoring.service.js'

/**
 * The organisation's appraisal formula, versioned: saving is always a new version (1, 2, …) and
 * no version is ever rewritten, so a month keeps the version it was scored with. A formula is
 * previewed on a unit's last month before it is saved or applied.
 */

function toFormula(row: FormulaRow): AppraisalFormula {
  return {
    id: row.id,
    version: row.version,
    spec: parseStoredJson(AppraisalFormulaSpecSchema, row.spec, 'appraisal_formulas.spec'),
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  }
}

/** Every version, newest first. */
export async function listFormulas(scope: Scope): Promise<AppraisalFormula[]> {
  requirePermission(scope.actor, 'appraisal:manage')
  return (await listFormulaRows(scope.db, scope.orgId)).map(toFormula)
}

export function formulaNotFound(version?: number): NotFoundError {
  return new NotFoundError(
    'APPRAISAL_FORMULA_NOT_FOUND',
    version === undefined
      ? 'The organisation has no appraisal formula yet.'
      : `No appraisal formula version ${version}.`,
    [],
    version === undefined ? {} : { version },
  )
}

/** The version asked for, or the latest (APPRAISAL_FORMULA_NOT_FOUND without one). No caller check. */
export async function formulaVersion(
  db: Db,
  orgId: string,
  version?: number,
): Promise<AppraisalFormula> {
  const rows = await listFormulaRows(db, orgId)
  const row = version === undefined ? rows[0] : rows.find((r) => r.version === version)
  if (!row) throw formulaNotFound(version)
  return toFormula(row)
}

export async function createFormula(scope: Scope, input: unknown): Promise<AppraisalFormula> {
  requirePermission(scope.actor, 'appraisal:configure')
  const body = parseInput(AppraisalFormulaCreateSchema, input, 'formula')
  return scope.db.transaction().execute(async (trx) => {
    const latest = (await listFormulaRows(trx, scope.orgId))[0]
    const row: FormulaRow = {
      id: `apf_${newId(scope.now)}`,
      orgId: scope.orgId,
      version: (latest?.version ?? 0) + 1,
      spec: JSON.stringify(body.spec),
      note: body.note || null,
      createdBy: scope.actor.id,
      createdAt: scope.now,
    }
    await insertFormulaRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'appraisal.formula.create',
      entity: 'appraisal_formula',
      entityId: row.id,
      detail: { version: row.version },
    })
    return toFormula(row)
  })
}

/** A formula (saved or not) scored on a unit's month, last month by default; nothing is stored. */
export async function previewFormula(scope: Scope, input: unknown) {
  requirePermission(scope.actor, 'appraisal:manage')
  const body = parseInput(AppraisalPreviewSchema, input, 'preview')
  await requireEmployeeUnit(scope.db, scope, body.unitId)
  const month = body.month ?? lastMonthOf(scope.now)
  const results = await scoreUnitMonth(scope, body.unitId, month, body.spec)
  return { unitId: body.unitId, month, results }
}
