import type { Db } from '../db/database.js'

/** The `employees` table (migration 0041). */

export interface EmployeeRow {
  id: string
  orgId: string
  code: string
  name: string
  unitId: string | null
  userId: string | null
  position: string | null
  status: string
  createdAt: number
  updatedAt: number
}

const COLUMNS = [
  'id',
  'org_id',
  'code',
  'name',
  'unit_id',
  'user_id',
  'position',
  'status',
  'created_at',
  'updated_at',
] as const

function toEmployeeRow(row: {
  id: string
  org_id: string
  code: string
  name: string
  unit_id: string | null
  user_id: string | null
  position: string | null
  status: string
  created_at: number | string
  updated_at: number | string
}): EmployeeRow {
  return {
    id: row.id,
    orgId: row.org_id,
    code: row.code,
    name: row.name,
    unitId: row.unit_id,
    userId: row.user_id,
    position: row.position,
    status: row.status,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export interface EmployeeRowFilter {
  unitIds?: readonly string[] | undefined
  status?: string | undefined
}

export async function listEmployeeRows(
  db: Db,
  orgId: string,
  filter: EmployeeRowFilter = {},
): Promise<EmployeeRow[]> {
  let query = db.selectFrom('employees').select(COLUMNS).where('org_id', '=', orgId)
  if (filter.unitIds) query = query.where('unit_id', 'in', [...filter.unitIds, ''])
  if (filter.status) query = query.where('status', '=', filter.status)
  const rows = await query.orderBy('code').execute()
  return rows.map(toEmployeeRow)
}

export async function findEmployeeRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<EmployeeRow | null> {
  const row = await db
    .selectFrom('employees')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toEmployeeRow(row) : null
}

export async function findEmployeeRowByCode(
  db: Db,
  orgId: string,
  code: string,
): Promise<EmployeeRow | null> {
  const row = await db
    .selectFrom('employees')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst()
  return row ? toEmployeeRow(row) : null
}

export async function findEmployeeRowByUser(
  db: Db,
  orgId: string,
  userId: string,
): Promise<EmployeeRow | null> {
  const row = await db
    .selectFrom('employees')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row ? toEmployeeRow(row) : null
}

export async function insertEmployeeRow(db: Db, row: EmployeeRow): Promise<void> {
  await db
    .insertInto('employees')
    .values({
      id: row.id,
      org_id: row.orgId,
      code: row.code,
      name: row.name,
      unit_id: row.unitId,
      user_id: row.userId,
      position: row.position,
      status: row.status,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    })
    .execute()
}

export interface EmployeeRowChanges {
  name?: string
  unitId?: string | null
  userId?: string | null
  position?: string | null
  status?: string
}

export async function updateEmployeeRow(
  db: Db,
  orgId: string,
  id: string,
  changes: EmployeeRowChanges,
  now: number,
): Promise<void> {
  await db
    .updateTable('employees')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.unitId !== undefined ? { unit_id: changes.unitId } : {}),
      ...(changes.userId !== undefined ? { user_id: changes.userId } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
      ...(changes.status !== undefined ? { status: changes.status } : {}),
      updated_at: now,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}
