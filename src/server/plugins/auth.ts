import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  authenticateSession,
  authenticateToken,
  SESSION_TTL_MS,
  type Principal,
} from '../../auth/auth.service.js'
import { suspendedError } from '../../auth/auth.service.js'
import { requirePermission, type Permission } from '../../auth/permission.service.js'
import { isOrganisationSuspended } from '../../organisations/organisation.service.js'
import type { Scope } from '../../db/scope.js'
import { UnauthorizedError } from '../../shared/errors.js'
import { keepSessionAlive } from '../../auth/session-policy.service.js'
import { membershipUnitIds, unitSubtreeIds } from '../../units/unit.service.js'
import type { AppDeps } from '../deps.js'

export const SESSION_COOKIE = 'manyi_session'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
    /** The units the caller is limited to, subtrees included (Scope.units); undefined = whole organisation. */
    unitLimit: readonly string[] | undefined
  }
}

/** Who calls, and the membership whose units limit them (a token's creator; a session's member). */
async function resolvePrincipal(
  deps: AppDeps,
  request: FastifyRequest,
): Promise<{ principal: Principal; membershipId: string | null } | null> {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) {
    const token = await authenticateToken(deps.store.db, header.slice(7).trim(), deps.clock())
    return token && { principal: token, membershipId: token.membershipId }
  }
  const cookie = request.cookies[SESSION_COOKIE]
  if (cookie) {
    // Past its organisation's idle timeout or absolute lifetime a session is ended (docs/sign-in.md).
    const now = deps.clock()
    const client = { address: request.ip, userAgent: request.headers['user-agent'] }
    if (!(await keepSessionAlive(deps.store.db, cookie, now, client))) return null
    const principal = await authenticateSession(deps.store.db, cookie, now)
    return principal && { principal, membershipId: principal.actor.id }
  }
  return null
}

/**
 * The units a membership is limited to, each with everything below it as the tree stands now;
 * undefined when it is not limited (the whole organisation).
 */
async function unitLimitOf(
  deps: AppDeps,
  orgId: string,
  membershipId: string | null,
): Promise<readonly string[] | undefined> {
  if (membershipId === null) return undefined
  const own = await membershipUnitIds(deps.store.db, membershipId)
  if (own.length === 0) return undefined
  return unitSubtreeIds({ db: deps.store.db, orgId }, own, deps.clock())
}

/**
 * Resolve who is calling on every /api/v1 route except the public and login
 * ones — on arrival, before any request body is read, so an anonymous caller
 * cannot make the server take in a large upload first.
 */
export function installAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('principal', null)
  app.decorateRequest('unitLimit', undefined)
  app.addHook('onRequest', async (request) => {
    const url = request.url
    if (
      !url.startsWith('/api/v1/') ||
      url.startsWith('/api/v1/public/') ||
      url.startsWith('/api/v1/auth/login')
    )
      return
    const resolved = await resolvePrincipal(deps, request)
    if (!resolved)
      throw new UnauthorizedError(
        'UNAUTHENTICATED',
        'Log in or send an API token (Authorization: Bearer …).',
      )
    request.principal = resolved.principal
    request.unitLimit = await unitLimitOf(deps, resolved.principal.orgId, resolved.membershipId)
    // A suspended organisation's sessions and tokens are refused everywhere except where a person
    // leaves it (log out, switch to another of their organisations) and an operator's console
    // (an operator whose organisation is suspended can still resume it).
    const exempt =
      url.startsWith('/api/v1/auth/logout') ||
      url.startsWith('/api/v1/auth/switch-organisation') ||
      (url.startsWith('/api/v1/operator/') && request.principal.identity?.isOperator === true)
    if (!exempt && (await isOrganisationSuspended(deps.store.db, request.principal.orgId)))
      throw suspendedError()
  })
}

/**
 * A route hook for uploads: the caller's role is checked before the body is
 * read (the service checks again), so a role that may not import cannot make
 * the server take in the file first.
 */
export function permissionBeforeBody(permission: Permission) {
  return async (request: FastifyRequest): Promise<void> => {
    if (request.principal) requirePermission(request.principal.actor, permission)
  }
}

/** The service scope of an authenticated request. */
export function scopeOf(deps: AppDeps, request: FastifyRequest): Scope {
  const principal = request.principal
  if (!principal)
    throw new UnauthorizedError(
      'UNAUTHENTICATED',
      'Log in or send an API token (Authorization: Bearer …).',
    )
  return {
    db: deps.store.db,
    features: deps.store.features,
    orgId: principal.orgId,
    actor: principal.actor,
    now: deps.clock(),
    ...(request.unitLimit !== undefined ? { units: request.unitLimit } : {}),
  }
}

export function setSessionCookie(deps: AppDeps, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.cookieSecure,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  })
}
