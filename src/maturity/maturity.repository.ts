import type { Db } from '../db/database.js'

/** The service maturity table (migration 0067). */

export interface AssessmentRow {
  id: string
  orgId: string
  unitId: string
  instrument: string
  assessedOn: string
  ratings: Record<string, number>
  stage: number
  note: string | null
  plans: Record<string, string>
  /** The plans column as stored, for a compare-and-swap of it (swapAssessmentPlans). */
  storedPlans?: string
  createdBy: string
  createdAt: number
  updatedBy: string
  updatedAt: number
}

type Stored = {
  id: string
  org_id: string
  unit_id: string
  instrument: string
  assessed_on: string
  ratings: string
  stage: number | string
  note: string | null
  plans: string
  created_by: string
  created_at: number | string
  updated_by: string
  updated_at: number | string
}

function toRow(r: Stored): AssessmentRow {
  return {
    id: r.id,
    orgId: r.org_id,
    unitId: r.unit_id,
    instrument: r.instrument,
    assessedOn: r.assessed_on,
    ratings: JSON.parse(r.ratings) as Record<string, number>,
    stage: Number(r.stage),
    note: r.note,
    plans: JSON.parse(r.plans) as Record<string, string>,
    storedPlans: r.plans,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: Number(r.updated_at),
  }
}

/** Newest first (by the day assessed, then when recorded); `unitIds` limits the units. */
export async function listAssessmentRows(
  db: Db,
  orgId: string,
  unitIds: readonly string[] | undefined,
): Promise<AssessmentRow[]> {
  let query = db.selectFrom('maturity_assessments').selectAll().where('org_id', '=', orgId)
  if (unitIds) query = query.where('unit_id', 'in', [...unitIds, ''])
  const rows = await query
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map(toRow)
}

export async function findAssessmentRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<AssessmentRow | null> {
  const row = await db
    .selectFrom('maturity_assessments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRow(row) : null
}

export async function insertAssessmentRow(db: Db, row: AssessmentRow): Promise<void> {
  await db
    .insertInto('maturity_assessments')
    .values({
      id: row.id,
      org_id: row.orgId,
      unit_id: row.unitId,
      instrument: row.instrument,
      assessed_on: row.assessedOn,
      ratings: JSON.stringify(row.ratings),
      stage: row.stage,
      note: row.note,
      plans: JSON.stringify(row.plans),
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_by: row.updatedBy,
      updated_at: row.updatedAt,
    })
    .execute()
}

export async function updateAssessmentRow(db: Db, row: AssessmentRow): Promise<void> {
  await db
    .updateTable('maturity_assessments')
    .set({
      instrument: row.instrument,
      assessed_on: row.assessedOn,
      ratings: JSON.stringify(row.ratings),
      stage: row.stage,
      note: row.note,
      // Not the plans column: planFromGap writes it alone (swapAssessmentPlans), and an edit that
      // read it before a plan was made must not write the older value back.
      updated_by: row.updatedBy,
      updated_at: row.updatedAt,
    })
    .where('org_id', '=', row.orgId)
    .where('id', '=', row.id)
    .execute()
}

/**
 * Sets an assessment's plans to `next` only while the column is still `expected` (as stored): a
 * compare-and-swap, true when this call changed it. Two requests making a plan from the same gap
 * at once cannot both claim it (maturity-gap-plan.service.ts).
 */
export async function swapAssessmentPlans(
  db: Db,
  orgId: string,
  id: string,
  expected: string,
  next: Record<string, string>,
): Promise<boolean> {
  const result = await db
    .updateTable('maturity_assessments')
    .set({ plans: JSON.stringify(next) })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('plans', '=', expected)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
