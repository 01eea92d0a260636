import { sql } from 'kysely'
import type { Db } from '../db/database.js'

/**
 * The `custom_roles` table, and the membership's `users.custom_role_id` (migration 0016; named
 * through sql here because the users row type belongs to the account code).
 */

export interface CustomRoleRecord {
  id: string
  orgId: string
  name: string
  description: string
  permissions: string
  createdAt: number
  updatedAt: number
}

const COLUMNS = [
  'id',
  'org_id',
  'name',
  'description',
  'permissions',
  'created_at',
  'updated_at',
] as const

function toRecord(row: {
  id: string
  org_id: string
  name: string
  description: string
  permissions: string
  created_at: number | string
  updated_at: number | string
}): CustomRoleRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    permissions: row.permissions,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export async function listCustomRoleRows(db: Db, orgId: string): Promise<CustomRoleRecord[]> {
  const rows = await db
    .selectFrom('custom_roles')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

export async function findCustomRoleRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<CustomRoleRecord | null> {
  const row = await db
    .selectFrom('custom_roles')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRecord(row) : null
}

export async function customRoleNameTaken(
  db: Db,
  orgId: string,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('custom_roles')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
  if (exceptId) query = query.where('id', '<>', exceptId)
  return (await query.executeTakeFirst()) !== undefined
}

export async function insertCustomRoleRow(db: Db, role: CustomRoleRecord): Promise<void> {
  await db
    .insertInto('custom_roles')
    .values({
      id: role.id,
      org_id: role.orgId,
      name: role.name,
      description: role.description,
      permissions: role.permissions,
      created_at: role.createdAt,
      updated_at: role.updatedAt,
    })
    .execute()
}

export async function updateCustomRoleRow(
  db: Db,
  orgId: string,
  id: string,
  changes: { name: string; description: string; permissions: string; updatedAt: number },
): Promise<void> {
  await db
    .updateTable('custom_roles')
    .set({
      name: changes.name,
      description: changes.description,
      permissions: changes.permissions,
      updated_at: changes.updatedAt,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

export async function deleteCustomRoleRow(db: Db, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('custom_roles').where('org_id', '=', orgId).where('id', '=', id).execute()
}

/** Members (not deleted) holding each custom role of the organisation. */
export async function customRoleAssignments(
  db: Db,
  orgId: string,
): Promise<Array<{ userId: string; customRoleId: string }>> {
  const rows = await sql<{ id: string; custom_role_id: string }>`
    select id, custom_role_id from users
    where org_id = ${orgId} and custom_role_id is not null and deleted_at is null
    order by id`.execute(db)
  return rows.rows.map((r) => ({ userId: r.id, customRoleId: r.custom_role_id }))
}

/** The stored permissions of the membership's custom role, or null when it holds a built-in role. */
export async function memberCustomRolePermissions(
  db: Db,
  orgId: string,
  userId: string,
): Promise<string | null> {
  const rows = await sql<{ permissions: string }>`
    select custom_roles.permissions from users
    join custom_roles on custom_roles.id = users.custom_role_id
      and custom_roles.org_id = users.org_id
    where users.org_id = ${orgId} and users.id = ${userId}`.execute(db)
  return rows.rows[0]?.permissions ?? null
}

/**
 * Give the membership a custom role (its built-in role becomes the self-service one, which
 * holds nothing of its own), or take it away (null) when a built-in role is given.
 */
export async function setMemberCustomRole(
  db: Db,
  orgId: string,
  userId: string,
  customRoleId: string | null,
): Promise<void> {
  if (customRoleId === null)
    await sql`update users set custom_role_id = null
      where org_id = ${orgId} and id = ${userId}`.execute(db)
  else
    await sql`update users set custom_role_id = ${customRoleId}, role = 'employee'
      where org_id = ${orgId} and id = ${userId}`.execute(db)
}
