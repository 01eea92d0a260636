import type { Db } from '../db/database.js'

/** The `saved_analyses` table (migration 0025). JSON columns are parsed by the service. */

export interface SavedAnalysisRow {
  id: string
  orgId: string
  name: string
  method: string
  source: string
  options: string
  units: string | null
  createdBy: string
  createdAt: number
  updatedAt: number
  lastRunAt: number | null
}

const COLUMNS = [
  'id',
  'org_id',
  'name',
  'method',
  'source',
  'options',
  'units',
  'created_by',
  'created_at',
  'updated_at',
  'last_run_at',
] as const

function toRow(row: {
  id: string
  org_id: string
  name: string
  method: string
  source: string
  options: string
  units: string | null
  created_by: string
  created_at: number | string
  updated_at: number | string
  last_run_at: number | string | null
}): SavedAnalysisRow {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    method: row.method,
    source: row.source,
    options: row.options,
    units: row.units,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastRunAt: row.last_run_at === null ? null : Number(row.last_run_at),
  }
}

export async function insertSavedAnalysisRow(db: Db, row: SavedAnalysisRow): Promise<void> {
  await db
    .insertInto('saved_analyses')
    .values({
      id: row.id,
      org_id: row.orgId,
      name: row.name,
      method: row.method,
      source: row.source,
      options: row.options,
      units: row.units,
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      last_run_at: row.lastRunAt,
    })
    .execute()
}

/** The organisation's saved analyses, the most recently changed first. */
export async function listSavedAnalysisRows(db: Db, orgId: string): Promise<SavedAnalysisRow[]> {
  const rows = await db
    .selectFrom('saved_analyses')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map(toRow)
}

export async function findSavedAnalysisRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<SavedAnalysisRow | null> {
  const row = await db
    .selectFrom('saved_analyses')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRow(row) : null
}

export async function updateSavedAnalysisRow(
  db: Db,
  orgId: string,
  id: string,
  change: { name?: string; updatedAt?: number; lastRunAt?: number },
): Promise<void> {
  await db
    .updateTable('saved_analyses')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.updatedAt !== undefined ? { updated_at: change.updatedAt } : {}),
      ...(change.lastRunAt !== undefined ? { last_run_at: change.lastRunAt } : {}),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

export async function deleteSavedAnalysisRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('saved_analyses').where('org_id', '=', orgId).where('id', '=', id).execute()
}
