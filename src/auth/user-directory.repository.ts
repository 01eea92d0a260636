import type { Db } from '../db/database.js'

// Reads of `users` that other domains need (names to show, who may own or be escalated a case),
// behind src/auth/user-directory.service.ts. Read-only; the user service owns every change.

/** Display names of the organisation's users: these ids, or all of them. */
export async function userDisplayNames(
  db: Db,
  orgId: string,
  ids?: readonly string[],
): Promise<Map<string, string>> {
  if (ids?.length === 0) return new Map()
  let query = db.selectFrom('users').select(['id', 'display_name']).where('org_id', '=', orgId)
  if (ids) query = query.where('id', 'in', [...ids])
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

export interface DirectoryUser {
  id: string
  role: string
  department: string | null
  disabled: boolean
  deleted: boolean
}

export async function findDirectoryUser(
  db: Db,
  orgId: string,
  userId: string,
): Promise<DirectoryUser | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'role', 'department', 'disabled_at', 'deleted_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', userId)
    .executeTakeFirst()
  return (
    row && {
      id: row.id,
      role: row.role,
      department: row.department,
      disabled: row.disabled_at !== null,
      deleted: row.deleted_at !== null,
    }
  )
}

/** Which of these ids are users of the organisation (deleted and disabled ones included). */
export async function existingUserIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** The user's supervisor, if one is set and neither disabled nor deleted. */
export async function activeSupervisorOf(db: Db, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users as owner')
    .innerJoin('users as sup', 'sup.id', 'owner.supervisor_id')
    .select('sup.id')
    .where('owner.id', '=', userId)
    .where('sup.disabled_at', 'is', null)
    .where('sup.deleted_at', 'is', null)
    .executeTakeFirst()
  return row?.id
}

/** Active users with one of these roles (and of this department, when given), oldest first. */
export async function activeUsersWithRoles(
  db: Db,
  orgId: string,
  roles: readonly string[],
  department?: string,
): Promise<Array<{ id: string; role: string; department: string | null }>> {
  let query = db
    .selectFrom('users')
    .select(['id', 'role', 'department'])
    .where('org_id', '=', orgId)
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .where('deleted_at', 'is', null)
  if (department !== undefined) query = query.where('department', '=', department)
  return query.orderBy('created_at').orderBy('id').execute()
}

export interface MemberMailbox {
  id: string
  email: string
  displayName: string
  locale: string
}

/** E-mail address, name and language of these users who are neither disabled nor deleted. */
export async function activeMailboxes(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<MemberMailbox[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .where('disabled_at', 'is', null)
    .where('deleted_at', 'is', null)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    locale: r.locale,
  }))
}
