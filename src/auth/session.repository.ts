import type { Db } from '../db/database.js'
import type { Role } from '../db/scope.js'

/** The `sessions` table: the only code that queries it. */

export async function insertSession(
  db: Db,
  session: {
    tokenHash: string
    userId: string
    orgId: string
    expiresAt: number
    createdAt: number
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      org_id: session.orgId,
      expires_at: session.expiresAt,
      created_at: session.createdAt,
    })
    .execute()
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

/** Ends every session of these memberships (a person's, when their password changes). */
export async function deleteSessionsOfUsers(db: Db, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return
  await db.deleteFrom('sessions').where('user_id', 'in', userIds).execute()
}

/** Ends every session of the user. */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

export interface SessionUser {
  id: string
  orgId: string
  role: Role
  email: string
  displayName: string
  locale: string
  expiresAt: number
  /** The person (identities) behind the membership, and whether they operate the instance. */
  identityId: string | null
  isOperator: boolean
}

/** The session's user when neither disabled nor deleted (expiry is the caller's to judge). */
export async function findSessionUser(db: Db, tokenHash: string): Promise<SessionUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('identities', 'identities.id', 'users.identity_id')
    .select([
      'users.id',
      'users.org_id',
      'users.role',
      'users.email',
      'users.display_name',
      'users.locale',
      'sessions.expires_at',
      'users.identity_id',
      'identities.is_operator',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.disabled_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst()
  return (
    row && {
      id: row.id,
      orgId: row.org_id,
      role: row.role as Role,
      email: row.email,
      displayName: row.display_name,
      locale: row.locale,
      expiresAt: Number(row.expires_at),
      identityId: row.identity_id,
      isOperator: Number(row.is_operator ?? 0) === 1,
    }
  )
}
