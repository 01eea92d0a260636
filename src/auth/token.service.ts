import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { Actor, Role, Scope } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { ForbiddenError, NotFoundError } from '../shared/errors.js'
import { hashSecret, newId, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import {
  findTokenByHash,
  insertApiToken,
  listTokens,
  revokeToken,
  touchToken,
  type ListedToken,
} from './api-token.repository.js'
import { RoleSchema } from './auth.schema.js'
import { customRolePermissions } from './custom-role.service.js'
import {
  type ActorWithCustomRole,
  can,
  isRoleWithin,
  permissionsOfRole,
  requirePermission,
} from './roles.js'

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
    await insertApiToken(trx, {
      id,
      orgId: scope.orgId,
      name: request.name,
      role,
      scope: request.scope,
      tokenHash: hashSecret(token),
      createdAt: scope.now,
      lastUsedAt: null,
      revokedAt: null,
      createdBy,
      expiresAt,
    })
    await recordAudit(trx, scope, {
      action: 'token.create',
      entity: 'api_token',
      entityId: id,
      detail: { name: request.name, role, scope: request.scope, expiresAt: iso(expiresAt) },
    })
  })
  const summary = (await listTokens(scope.db, scope.orgId, { id })).map((r) =>
    toSummary(r, scope.now),
  )[0]!
  return { ...summary, token }
}

function toSummary(r: ListedToken, now: number): TokenSummary {
  const creatorInactive =
    r.createdBy !== null &&
    (r.creator.displayName === null ||
      r.creator.disabledAt !== null ||
      r.creator.deletedAt !== null)
  const status =
    r.revokedAt !== null
      ? 'revoked'
      : r.expiresAt !== null && r.expiresAt <= now
        ? 'expired'
        : creatorInactive
          ? 'creator_inactive'
          : 'active'
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    scope: r.scope as TokenScope,
    createdBy:
      r.createdBy === null
        ? null
        : {
            id: r.createdBy,
            displayName: r.creator.displayName ?? '',
            email: r.creator.email ?? '',
          },
    createdAt: iso(r.createdAt)!,
    expiresAt: iso(r.expiresAt),
    lastUsedAt: iso(r.lastUsedAt),
    revokedAt: iso(r.revokedAt),
    status,
  }
}

/** The caller's own tokens; an administrator (or the system) sees every token of the organisation. */
export async function listApiTokens(scope: Scope): Promise<TokenSummary[]> {
  const all = scope.actor.type === 'system' || can(scope.actor, 'tokens:read-all')
  if (!all) requirePermission(scope.actor, 'tokens:read')
  const rows = await listTokens(
    scope.db,
    scope.orgId,
    all ? {} : { createdBy: scope.actor.type === 'user' ? scope.actor.id : '' },
  )
  return rows.map((r) => toSummary(r, scope.now))
}

function managesAllTokens(actor: Actor): boolean {
  return actor.type === 'system' || can(actor, 'tokens:manage')
}

/** Revoke a token at once: one's own, or any of the organisation's for an administrator. Audited. */
export async function revokeApiToken(scope: Scope, tokenId: string): Promise<TokenSummary> {
  const all = managesAllTokens(scope.actor)
  if (!all) requirePermission(scope.actor, 'tokens:own')
  const row = (await listTokens(scope.db, scope.orgId, { id: tokenId }))[0]
  // Another user's token is reported as unknown: a non-administrator learns nothing about it.
  if (!row || (!all && (scope.actor.type !== 'user' || row.createdBy !== scope.actor.id))) {
    throw new NotFoundError('TOKEN_NOT_FOUND', `No token ${tokenId}.`, [
      { path: 'id', reason: 'unknown token' },
    ])
  }
  if (row.revokedAt === null) {
    await scope.db.transaction().execute(async (trx) => {
      await revokeToken(trx, tokenId, scope.now)
      await recordAudit(trx, scope, {
        action: 'token.revoke',
        entity: 'api_token',
        entityId: tokenId,
        detail: { name: row.name },
      })
    })
  }
  const updated = (await listTokens(scope.db, scope.orgId, { id: tokenId }))[0]!
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
): Promise<{ orgId: string; actor: Actor; membershipId: string | null } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const row = await findTokenByHash(db, hashSecret(token))
  if (!row || row.revokedAt !== null) return null
  if (row.expiresAt !== null && row.expiresAt <= now) return null
  if (
    row.createdBy !== null &&
    (row.creator.role === null ||
      row.creator.orgId !== row.orgId ||
      row.creator.disabledAt !== null ||
      row.creator.deletedAt !== null)
  )
    return null
  // Written at most once a minute: a busy integration should not write on every request.
  if (row.lastUsedAt === null || now - row.lastUsedAt >= 60_000) await touchToken(db, row.id, now)
  const tokenRole = row.role
  const creatorRole = row.creator.role
  // Act as the smaller of the two roles when one contains the other (a demoted creator's admin token acts as the new role);
  // otherwise keep the token's role and check every permission against the creator's as well.
  const role =
    creatorRole && !isRoleWithin(tokenRole, creatorRole) && isRoleWithin(creatorRole, tokenRole)
      ? creatorRole
      : tokenRole
  const limits: NonNullable<Actor['limits']> = {}
  const custom = await creatorCustomPermissions(
    db,
    row.orgId,
    row.createdBy,
    creatorRole,
    tokenRole,
  )
  // A custom role's permissions are the creator's current ones: they are the ceiling themselves.
  if (creatorRole && !custom) limits.ceiling = creatorRole
  if (row.scope === 'read') limits.readOnly = true
  const actor: ActorWithCustomRole = {
    type: 'token',
    id: row.id,
    role,
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(custom ? { permissions: custom } : {}),
  }
  // The creator, whose units limit the token (Scope.units).
  return { orgId: row.orgId, membershipId: row.createdBy, actor }
}

/**
 * The permissions a token acts with when its creator holds a custom role (whose built-in role is
 * then the self-service one, holding nothing): the role's current permissions, within the
 * token's own role when the token was made with a built-in one before the custom role was given.
 * Null when the creator holds a built-in role.
 */
async function creatorCustomPermissions(
  db: Db,
  orgId: string,
  creatorId: string | null,
  creatorRole: Role | null,
  tokenRole: Role,
): Promise<readonly string[] | null> {
  if (creatorId === null || creatorRole !== 'employee') return null
  const permissions = await customRolePermissions(db, orgId, creatorId)
  if (!permissions) return null
  if (tokenRole === 'employee') return permissions
  const withinToken = new Set<string>(permissionsOfRole(tokenRole))
  return permissions.filter((p) => withinToken.has(p))
}
