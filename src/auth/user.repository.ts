import type { Selectable, Updateable } from 'kysely'
import type { Db } from '../db/database.js'
import type { Role } from '../db/scope.js'
import type { UserTable } from './auth.table.js'

/** The `users` table for accounts (login, administration); user-directory.repository.ts serves other domains. */

export interface UserRecord {
  id: string
  orgId: string
  email: string
  displayName: string
  role: Role
  passwordHash: string
  locale: string
  createdAt: number
  department: string | null
  supervisorId: string | null
  disabledAt: number | null
  deletedAt: number | null
  lastLoginAt: number | null
  /** The person (identities) this membership belongs to. */
  identityId: string | null
}

const ms = (v: number | string | null) => (v === null ? null : Number(v))

function toRecord(row: Selectable<UserTable>): UserRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    locale: row.locale,
    createdAt: Number(row.created_at),
    department: row.department,
    supervisorId: row.supervisor_id,
    disabledAt: ms(row.disabled_at),
    deletedAt: ms(row.deleted_at),
    lastLoginAt: ms(row.last_login_at),
    identityId: row.identity_id,
  }
}

export async function insertUser(
  db: Db,
  user: Pick<
    UserRecord,
    | 'id'
    | 'orgId'
    | 'email'
    | 'displayName'
    | 'role'
    | 'passwordHash'
    | 'locale'
    | 'createdAt'
    | 'identityId'
  >,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      org_id: user.orgId,
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      locale: user.locale,
      created_at: user.createdAt,
      identity_id: user.identityId,
    })
    .execute()
}

/** The user (membership) of this id, in whichever organisation, deleted or not. */
export async function findUserById(db: Db, userId: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
  return row && toRecord(row)
}

/** A user of the organisation that is not deleted. */
export async function findUserInOrg(
  db: Db,
  orgId: string,
  userId: string,
): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return row && toRecord(row)
}

/** The not-deleted user of the organisation with this e-mail. */
export async function findUserByEmailInOrg(
  db: Db,
  orgId: string,
  email: string,
): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return row && toRecord(row)
}

/** Every not-deleted account with this e-mail, in any organisation (login). */
export async function listUsersWithEmail(db: Db, email: string): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .where('deleted_at', 'is', null)
    .execute()
  return rows.map(toRecord)
}

/** The person's not-deleted memberships, in every organisation (sign-in, switching). */
export async function listMembershipsOfIdentity(db: Db, identityId: string): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('identity_id', '=', identityId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

/** How many not-deleted members each organisation has (only `orgId` when given). */
export async function countMembersByOrganisation(
  db: Db,
  orgId?: string,
): Promise<Map<string, number>> {
  let query = db
    .selectFrom('users')
    .select((eb) => ['org_id', eb.fn.countAll<number>().as('n')])
    .where('deleted_at', 'is', null)
    .groupBy('org_id')
  if (orgId) query = query.where('org_id', '=', orgId)
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.org_id, Number(r.n)]))
}

/** Whether another organisation has a not-deleted account with this e-mail. */
export async function emailUsedElsewhere(db: Db, email: string, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .where('org_id', '<>', orgId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The organisation's not-deleted users, oldest first; only `ids` when given. */
export async function listOrgUsers(
  db: Db,
  orgId: string,
  ids?: readonly string[],
): Promise<UserRecord[]> {
  let query = db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
  if (ids) query = query.where('id', 'in', ids)
  const rows = await query.orderBy('created_at').execute()
  return rows.map(toRecord)
}

/** The user's role now (under the organisation's lock, in user administration). */
export async function userRole(db: Db, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst())
    ?.role
}

export interface UserChanges {
  department?: string | null
  supervisorId?: string | null
  role?: Role
  passwordHash?: string
  disabledAt?: number | null
  deletedAt?: number | null
  lastLoginAt?: number
}

export async function updateUserRow(db: Db, userId: string, changes: UserChanges): Promise<void> {
  const set: Updateable<UserTable> = {}
  if (changes.department !== undefined) set.department = changes.department
  if (changes.supervisorId !== undefined) set.supervisor_id = changes.supervisorId
  if (changes.role !== undefined) set.role = changes.role
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash
  if (changes.disabledAt !== undefined) set.disabled_at = changes.disabledAt
  if (changes.deletedAt !== undefined) set.deleted_at = changes.deletedAt
  if (changes.lastLoginAt !== undefined) set.last_login_at = changes.lastLoginAt
  if (Object.keys(set).length === 0) return
  await db.updateTable('users').set(set).where('id', '=', userId).execute()
}

/** How many active administrators the organisation has. */
export async function countActiveAdmins(db: Db, orgId: string): Promise<number> {
  const admins = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('deleted_at', 'is', null)
    .execute()
  return admins.length
}

/** Nobody escalates to a deleted supervisor. */
export async function clearSupervisor(db: Db, orgId: string, supervisorId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ supervisor_id: null })
    .where('org_id', '=', orgId)
    .where('supervisor_id', '=', supervisorId)
    .execute()
}

/** The organisation's not-deleted users with any of these e-mails. */
export async function listOrgUsersByEmail(
  db: Db,
  orgId: string,
  emails: readonly string[],
): Promise<UserRecord[]> {
  if (emails.length === 0) return []
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', 'in', emails)
    .where('deleted_at', 'is', null)
    .execute()
  return rows.map(toRecord)
}

/** The organisation's not-deleted user whose id or e-mail this is. */
export async function findUserByIdOrEmail(
  db: Db,
  orgId: string,
  idOrEmail: string,
  email: string,
): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('id', '=', idOrEmail), eb('email', '=', email)]))
    .executeTakeFirst()
  return row && toRecord(row)
}

/** Put these users in `department`. */
export async function setDepartment(
  db: Db,
  userIds: readonly string[],
  department: string | null,
): Promise<void> {
  if (userIds.length === 0) return
  await db.updateTable('users').set({ department }).where('id', 'in', userIds).execute()
}

/** Make these users report to `supervisorId`. */
export async function setSupervisor(
  db: Db,
  userIds: readonly string[],
  supervisorId: string | null,
): Promise<void> {
  if (userIds.length === 0) return
  await db
    .updateTable('users')
    .set({ supervisor_id: supervisorId })
    .where('id', 'in', userIds)
    .execute()
}
