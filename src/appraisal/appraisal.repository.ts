import type { Db } from '../db/database.js'

/**
 * The appraisal tables (migration 0052). Approved months are never updated here: the only update
 * of a month (`updateDraftMonthRow`, `approveMonthRow`) is conditioned on status = 'draft', so a
 * racing approval cannot be overwritten either.
 */

export interface FormulaRow {
  id: string
  orgId: string
  version: number
  spec: string
  note: string | null
  createdBy: string
  createdAt: number
}

export interface MonthRow {
  id: string
  orgId: string
  unitId: string
  month: string
  revision: number
  status: string
  formulaVersion: number
  results: string
  computedBy: string
  computedAt: number
  approvedBy: string | null
  approvedAt: number | null
  revisesId: string | null
  reason: string | null
  createdAt: number
}

export interface DisputeRow {
  id: string
  orgId: string
  appraisalId: string
  employeeId: string
  text: string
  status: string
  answer: string | null
  answeredBy: string | null
  answeredAt: number | null
  createdBy: string
  createdAt: number
}

const num = (v: number | string) => Number(v)
const numOrNull = (v: number | string | null) => (v === null ? null : Number(v))

export async function listFormulaRows(db: Db, orgId: string): Promise<FormulaRow[]> {
  const rows = await db
    .selectFrom('appraisal_formulas')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('version', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    version: num(r.version),
    spec: r.spec,
    note: r.note,
    createdBy: r.created_by,
    createdAt: num(r.created_at),
  }))
}

export async function insertFormulaRow(db: Db, row: FormulaRow): Promise<void> {
  await db
    .insertInto('appraisal_formulas')
    .values({
      id: row.id,
      org_id: row.orgId,
      version: row.version,
      spec: row.spec,
      note: row.note,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute()
}

function toMonthRow(r: {
  id: string
  org_id: string
  unit_id: string
  month: string
  revision: number | string
  status: string
  formula_version: number | string
  results: string
  computed_by: string
  computed_at: number | string
  approved_by: string | null
  approved_at: number | string | null
  revises_id: string | null
  reason: string | null
  created_at: number | string
}): MonthRow {
  return {
    id: r.id,
    orgId: r.org_id,
    unitId: r.unit_id,
    month: r.month,
    revision: num(r.revision),
    status: r.status,
    formulaVersion: num(r.formula_version),
    results: r.results,
    computedBy: r.computed_by,
    computedAt: num(r.computed_at),
    approvedBy: r.approved_by,
    approvedAt: numOrNull(r.approved_at),
    revisesId: r.revises_id,
    reason: r.reason,
    createdAt: num(r.created_at),
  }
}

export interface MonthRowFilter {
  unitIds?: readonly string[] | undefined
  month?: string | undefined
}

/** Months (every revision), newest month first, then unit, then revision. */
export async function listMonthRows(
  db: Db,
  orgId: string,
  filter: MonthRowFilter,
): Promise<MonthRow[]> {
  let query = db.selectFrom('appraisal_months').selectAll().where('org_id', '=', orgId)
  if (filter.unitIds) query = query.where('unit_id', 'in', [...filter.unitIds, ''])
  if (filter.month) query = query.where('month', '=', filter.month)
  const rows = await query.orderBy('month', 'desc').orderBy('unit_id').orderBy('revision').execute()
  return rows.map(toMonthRow)
}

export async function findMonthRow(db: Db, orgId: string, id: string): Promise<MonthRow | null> {
  const row = await db
    .selectFrom('appraisal_months')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toMonthRow(row) : null
}

/** The latest revision of one unit's month (null: never computed). */
export async function latestMonthRow(
  db: Db,
  orgId: string,
  unitId: string,
  month: string,
): Promise<MonthRow | null> {
  const row = await db
    .selectFrom('appraisal_months')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('unit_id', '=', unitId)
    .where('month', '=', month)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toMonthRow(row) : null
}

export async function insertMonthRow(db: Db, row: MonthRow): Promise<void> {
  await db
    .insertInto('appraisal_months')
    .values({
      id: row.id,
      org_id: row.orgId,
      unit_id: row.unitId,
      month: row.month,
      revision: row.revision,
      status: row.status,
      formula_version: row.formulaVersion,
      results: row.results,
      computed_by: row.computedBy,
      computed_at: row.computedAt,
      approved_by: row.approvedBy,
      approved_at: row.approvedAt,
      revises_id: row.revisesId,
      reason: row.reason,
      created_at: row.createdAt,
    })
    .execute()
}

/** Replaces a draft's results; false when the month is no draft (approved meanwhile). */
export async function updateDraftMonthRow(
  db: Db,
  orgId: string,
  id: string,
  changes: { formulaVersion: number; results: string; computedBy: string; computedAt: number },
): Promise<boolean> {
  const result = await db
    .updateTable('appraisal_months')
    .set({
      formula_version: changes.formulaVersion,
      results: changes.results,
      computed_by: changes.computedBy,
      computed_at: changes.computedAt,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Draft → approved; false when it was approved already. */
export async function approveMonthRow(
  db: Db,
  orgId: string,
  id: string,
  by: string,
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('appraisal_months')
    .set({ status: 'approved', approved_by: by, approved_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

function toDisputeRow(r: {
  id: string
  org_id: string
  appraisal_id: string
  employee_id: string
  text: string
  status: string
  answer: string | null
  answered_by: string | null
  answered_at: number | string | null
  created_by: string
  created_at: number | string
}): DisputeRow {
  return {
    id: r.id,
    orgId: r.org_id,
    appraisalId: r.appraisal_id,
    employeeId: r.employee_id,
    text: r.text,
    status: r.status,
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: numOrNull(r.answered_at),
    createdBy: r.created_by,
    createdAt: num(r.created_at),
  }
}

export async function listDisputeRows(
  db: Db,
  orgId: string,
  appraisalIds: readonly string[],
): Promise<DisputeRow[]> {
  if (appraisalIds.length === 0) return []
  const rows = await db
    .selectFrom('appraisal_disputes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('appraisal_id', 'in', [...appraisalIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toDisputeRow)
}

export async function findDisputeRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<DisputeRow | null> {
  const row = await db
    .selectFrom('appraisal_disputes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toDisputeRow(row) : null
}

export async function insertDisputeRow(db: Db, row: DisputeRow): Promise<void> {
  await db
    .insertInto('appraisal_disputes')
    .values({
      id: row.id,
      org_id: row.orgId,
      appraisal_id: row.appraisalId,
      employee_id: row.employeeId,
      text: row.text,
      status: row.status,
      answer: row.answer,
      answered_by: row.answeredBy,
      answered_at: row.answeredAt,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute()
}

/** Open → answered; false when it was answered already. */
export async function answerDisputeRow(
  db: Db,
  orgId: string,
  id: string,
  answer: { text: string; by: string; at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('appraisal_disputes')
    .set({
      status: 'answered',
      answer: answer.text,
      answered_by: answer.by,
      answered_at: answer.at,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
