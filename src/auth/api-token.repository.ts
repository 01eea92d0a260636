import type { Db } from '../db/database.js'
import type { Role } from '../db/scope.js'

/** The `api_tokens` table (with each token's creator): the only code that queries it. */

const ms = (v: number | string | null) => (v === null ? null : Number(v))

export interface ApiTokenRecord {
  id: string
  orgId: string
  name: string
  role: Role
  /** 'full' or 'read' */
  scope: string
  tokenHash: string
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
  createdBy: string | null
  expiresAt: number | null
}

export async function insertApiToken(db: Db, token: ApiTokenRecord): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      org_id: token.orgId,
      name: token.name,
      role: token.role,
      scope: token.scope,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      last_used_at: token.lastUsedAt,
      revoked_at: token.revokedAt,
      created_by: token.createdBy,
      expires_at: token.expiresAt,
    })
    .execute()
}

/** A token as listed, with what is known of its creator (null fields: no such user). */
export interface ListedToken {
  id: string
  name: string
  role: Role
  scope: string
  createdBy: string | null
  createdAt: number
  expiresAt: number | null
  lastUsedAt: number | null
  revokedAt: number | null
  creator: {
    displayName: string | null
    email: string | null
    disabledAt: number | null
    deletedAt: number | null
  }
}

/** The organisation's tokens, newest first; only `createdBy`'s or the one with `id` when given. */
export async function listTokens(
  db: Db,
  orgId: string,
  filter: { id?: string; createdBy?: string } = {},
): Promise<ListedToken[]> {
  let query = db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.role',
      'api_tokens.scope',
      'api_tokens.created_by',
      'api_tokens.created_at',
      'api_tokens.expires_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
      'users.display_name',
      'users.email',
      'users.disabled_at',
      'users.deleted_at',
    ])
    .where('api_tokens.org_id', '=', orgId)
  if (filter.id !== undefined) query = query.where('api_tokens.id', '=', filter.id)
  if (filter.createdBy !== undefined)
    query = query.where('api_tokens.created_by', '=', filter.createdBy)
  const rows = await query
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role as Role,
    scope: r.scope,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    expiresAt: ms(r.expires_at),
    lastUsedAt: ms(r.last_used_at),
    revokedAt: ms(r.revoked_at),
    creator: {
      displayName: r.display_name,
      email: r.email,
      disabledAt: ms(r.disabled_at),
      deletedAt: ms(r.deleted_at),
    },
  }))
}

/** Revoke the token unless it is revoked already. */
export async function revokeToken(db: Db, tokenId: string, now: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Revoke every token the user created (a deleted user's tokens stop). */
export async function revokeTokensOfCreator(db: Db, userId: string, now: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('created_by', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** A bearer token by its hash, with its creator's current role, organisation and state. */
export interface PresentedToken {
  id: string
  orgId: string
  role: Role
  scope: string
  revokedAt: number | null
  expiresAt: number | null
  createdBy: string | null
  lastUsedAt: number | null
  creator: {
    role: Role | null
    orgId: string | null
    disabledAt: number | null
    deletedAt: number | null
  }
}

export async function findTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<PresentedToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .select([
      'api_tokens.id',
      'api_tokens.org_id',
      'api_tokens.role',
      'api_tokens.scope',
      'api_tokens.revoked_at',
      'api_tokens.expires_at',
      'api_tokens.created_by',
      'api_tokens.last_used_at',
      'users.role as creator_role',
      'users.org_id as creator_org',
      'users.disabled_at',
      'users.deleted_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst()
  return (
    row && {
      id: row.id,
      orgId: row.org_id,
      role: row.role as Role,
      scope: row.scope,
      revokedAt: ms(row.revoked_at),
      expiresAt: ms(row.expires_at),
      createdBy: row.created_by,
      lastUsedAt: ms(row.last_used_at),
      creator: {
        role: row.creator_role as Role | null,
        orgId: row.creator_org,
        disabledAt: ms(row.disabled_at),
        deletedAt: ms(row.deleted_at),
      },
    }
  )
}

export async function touchToken(db: Db, tokenId: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute()
}
