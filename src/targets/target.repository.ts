import type { Db } from '../db/database.js'

/** The `targets` table (migration 0022). */

export interface TargetRow {
  id: string
  orgId: string
  unitId: string
  metric: string
  periodType: string
  period: string
  value: number
  origin: string
  cascadedFrom: string | null
  createdBy: string
  createdAt: number
  updatedAt: number
}

const COLUMNS = [
  'id',
  'org_id',
  'unit_id',
  'metric',
  'period_type',
  'period',
  'value',
  'origin',
  'cascaded_from',
  'created_by',
  'created_at',
  'updated_at',
] as const

function toRow(row: {
  id: string
  org_id: string
  unit_id: string
  metric: string
  period_type: string
  period: string
  value: number | string
  origin: string
  cascaded_from: string | null
  created_by: string
  created_at: number | string
  updated_at: number | string
}): TargetRow {
  return {
    id: row.id,
    orgId: row.org_id,
    unitId: row.unit_id,
    metric: row.metric,
    periodType: row.period_type,
    period: row.period,
    value: Number(row.value),
    origin: row.origin,
    cascadedFrom: row.cascaded_from,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export async function listTargetRows(
  db: Db,
  orgId: string,
  filter: { period?: string; periods?: string[]; metric?: string; unitIds?: string[] },
): Promise<TargetRow[]> {
  let query = db.selectFrom('targets').select(COLUMNS).where('org_id', '=', orgId)
  if (filter.period) query = query.where('period', '=', filter.period)
  if (filter.periods) {
    if (filter.periods.length === 0) return []
    query = query.where('period', 'in', filter.periods)
  }
  if (filter.metric) query = query.where('metric', '=', filter.metric)
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) return []
    query = query.where('unit_id', 'in', filter.unitIds)
  }
  const rows = await query.orderBy('period').orderBy('unit_id').orderBy('metric').execute()
  return rows.map(toRow)
}

export async function findTargetRow(db: Db, orgId: string, id: string): Promise<TargetRow | null> {
  const row = await db
    .selectFrom('targets')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRow(row) : null
}

/** Insert or replace the unit's target for that metric and period; returns the stored row. */
export async function upsertTargetRow(db: Db, row: TargetRow): Promise<TargetRow> {
  await db
    .insertInto('targets')
    .values({
      id: row.id,
      org_id: row.orgId,
      unit_id: row.unitId,
      metric: row.metric,
      period_type: row.periodType,
      period: row.period,
      value: row.value,
      origin: row.origin,
      cascaded_from: row.cascadedFrom,
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'unit_id', 'metric', 'period']).doUpdateSet({
        value: row.value,
        origin: row.origin,
        cascaded_from: row.cascadedFrom,
        created_by: row.createdBy,
        updated_at: row.updatedAt,
      }),
    )
    .execute()
  const stored = await db
    .selectFrom('targets')
    .select(COLUMNS)
    .where('org_id', '=', row.orgId)
    .where('unit_id', '=', row.unitId)
    .where('metric', '=', row.metric)
    .where('period', '=', row.period)
    .executeTakeFirstOrThrow()
  return toRow(stored)
}

export async function deleteTargetRow(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('targets')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
