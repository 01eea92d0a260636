import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { Actor, Role, Scope } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { ForbiddenError, NotFoundError } from '../shared/errors.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { RoleSchema } from './auth.schema.js'
import { can, isRoleWithin, requirePermission } from './roles.js'

export const TOKEN_PREFIX = 'mny_'
const DAY_MS = 24 * 60 * 60 * 1000
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from './token-limits.js'
export { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS }

export const TokenScopeSchema = z.enum(['full', 'read'])
export type TokenScope = z.infer<typeof TokenScopeSchema>

export const CreateTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** The role the token acts with; at most the creator's. Default: the creator's role. */
  role: RoleSchema.optional(),
  /** `full`: everything the role may do; `read`: only reading (the `…:read` permissions). */
  scope: TokenScopeSchema.default('full'),
  /** Days until the token stops working. */
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS),
})

export interface TokenSummary {
  id: string
  name: string
  role: Role
  scope: TokenScope
  createdBy: { id: string; displayName: string; email: string } | null
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
  /** active, expired, revoked, or creator_inactive (the creator is disabled or deleted). */
  status: 'active' | 'expired' | 'revoked' | 'creator_inactive'
}

export interface CreatedToken extends TokenSummary {
  /** The secret, shown this once; only its hash is stored. */
  token: string
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString())

/**
 * Create an API token. A user's token is theirs: it acts at most with their
 * role, and stops with them (see authenticateToken). Only a logged-in user or
 * the system (CLI) creates tokens, never another token, so a leaked token
 * cannot mint longer-lived ones.
 */
export async function createApiToken(scope: Scope, input: unknown): Promise<CreatedToken> {
  if (scope.actor.type === 'token')
    throw new ForbiddenError(
      'TOKEN_NEEDS_SESSION',
      'API tokens are created by a logged-in user or the CLI, not by another token.',
    )
  if (scope.actor.type !== 'system') requirePermission(scope.actor, 'tokens:own')
  const request = parseInput(CreateTokenSchema, input, 'token')
  const role = request.role ?? scope.actor.role
  if (scope.actor.type !== 'system' && !isRoleWithin(role, scope.actor.role)) {
    throw new ForbiddenError(
      'TOKEN_ROLE_NOT_ALLOWED',
      `A ${scope.actor.role} cannot create a token with the ${role} role.`,
      [{ path: 'role', reason: 'may do more than your own role' }],
    )
  }
  const token = TOKEN_PREFIX + newSecret()
  const id = newId()
  const createdBy = scope.actor.type === 'user' ? scope.actor.id : null
  const expiresAt = scope.now + request.expiresInDays * DAY_MS
  await scope.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        org_id: scope.orgId,
        name: request.name,
        role,
        scope: request.scope,
        token_hash: hashSecret(token),
        created_at: scope.now,
        last_used_at: null,
        revoked_at: null,
        created_by: createdBy,
        expires_at: expiresAt,
      })
      .execute()
    await recordAudit(trx, scope, {
      action: 'token.create',
      entity: 'api_token',
      entityId: id,
      detail: { name: request.name, role, scope: request.scope, expiresAt: iso(expiresAt) },
    })
  })
  const summary = (
    await tokenRows(scope.db, scope.orgId).where('api_tokens.id', '=', id).execute()
  ).map((r) => toSummary(r, scope.now))[0]!
  return { ...summary, token }
}

function tokenRows(db: Db, orgId: string) {
  return db
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
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof tokenRows>['execute']>>[number]

function toSummary(r: TokenRow, now: number): TokenSummary {
  const creatorInactive =
    r.created_by !== null &&
    (r.display_name === null || r.disabled_at !== null || r.deleted_at !== null)
  const status =
    r.revoked_at !== null
      ? 'revoked'
      : r.expires_at !== null && r.expires_at <= now
        ? 'expired'
        : creatorInactive
          ? 'creator_inactive'
          : 'active'
  return {
    id: r.id,
    name: r.name,
    role: r.role as Role,
    scope: r.scope as TokenScope,
    createdBy:
      r.created_by === null
        ? null
        : { id: r.created_by, displayName: r.display_name ?? '', email: r.email ?? '' },
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
    status,
  }
}

/** The caller's own tokens; an administrator (or the system) sees every token of the organisation. */
export async function listApiTokens(scope: Scope): Promise<TokenSummary[]> {
  const all = scope.actor.type === 'system' || can(scope.actor, 'tokens:read-all')
  if (!all) requirePermission(scope.actor, 'tokens:read')
  let query = tokenRows(scope.db, scope.orgId)
  if (!all)
    query = query.where(
      'api_tokens.created_by',
      '=',
      scope.actor.type === 'user' ? scope.actor.id : '',
    )
  const rows = await query
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id', 'desc')
    .execute()
  return rows.map((r) => toSummary(r, scope.now))
}

function managesAllTokens(actor: Actor): boolean {
  return actor.type === 'system' || can(actor, 'tokens:manage')
}

/** Revoke a token at once: one's own, or any of the organisation's for an administrator. Audited. */
export async function revokeApiToken(scope: Scope, tokenId: string): Promise<TokenSummary> {
  const all = managesAllTokens(scope.actor)
  if (!all) requirePermission(scope.actor, 'tokens:own')
  const row = (
    await tokenRows(scope.db, scope.orgId).where('api_tokens.id', '=', tokenId).execute()
  )[0]
  // Another user's token is reported as unknown: a non-administrator learns nothing about it.
  if (!row || (!all && (scope.actor.type !== 'user' || row.created_by !== scope.actor.id))) {
    throw new NotFoundError('TOKEN_NOT_FOUND', `No token ${tokenId}.`, [
      { path: 'id', reason: 'unknown token' },
    ])
  }
  if (row.revoked_at === null) {
    await scope.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: scope.now })
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .execute()
      await recordAudit(trx, scope, {
        action: 'token.revoke',
        entity: 'api_token',
        entityId: tokenId,
        detail: { name: row.name },
      })
    })
  }
  const updated = (
    await tokenRows(scope.db, scope.orgId).where('api_tokens.id', '=', tokenId).execute()
  )[0]!
  return toSummary(updated, scope.now)
}

/**
 * The principal of a bearer token, or null when it is unknown, revoked or
 * expired, or its creator is disabled or deleted. A user's token acts with
 * the intersection of its own role and scope and the creator's current role,
 * so demoting the creator demotes the token on its next request.
 */
export async function authenticateToken(
  db: Db,
  token: string,
  now: number,
): Promise<{ orgId: string; actor: Actor } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
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
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .executeTakeFirst()
  if (!row || row.revoked_at !== null) return null
  if (row.expires_at !== null && row.expires_at <= now) return null
  if (
    row.created_by !== null &&
    (row.creator_role === null ||
      row.creator_org !== row.org_id ||
      row.disabled_at !== null ||
      row.deleted_at !== null)
  )
    return null
  // Written at most once a minute: a busy integration should not write on every request.
  if (row.last_used_at === null || now - row.last_used_at >= 60_000)
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute()
  const tokenRole = row.role as Role
  const creatorRole = row.creator_role as Role | null
  // Act as the smaller of the two roles when one contains the other (a demoted creator's admin token acts as the new role);
  // otherwise keep the token's role and check every permission against the creator's as well.
  const role =
    creatorRole && !isRoleWithin(tokenRole, creatorRole) && isRoleWithin(creatorRole, tokenRole)
      ? creatorRole
      : tokenRole
  const limits: NonNullable<Actor['limits']> = {}
  if (creatorRole) limits.ceiling = creatorRole
  if (row.scope === 'read') limits.readOnly = true
  return {
    orgId: row.org_id,
    actor: {
      type: 'token',
      id: row.id,
      role,
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    },
  }
}
