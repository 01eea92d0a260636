import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import { customRolePermissions } from '../../auth/custom-role.service.js'
import { requireOperator } from '../../auth/operator.js'
import { requirePermission, type Permission } from '../../auth/permission.service.js'
import type { ActorWithCustomRole } from '../../auth/roles.js'
import type { Db } from '../../db/database.js'

/**
 * Who may call a route, declared once per route as `config: { permission }`:
 * - a permission (src/auth/roles.ts): a signed-in caller whose role (or custom role) holds it;
 * - `signed-in`: any signed-in member of the organisation, for their own things (their
 *   profile, their sessions);
 * - `operator`: the instance operator (src/auth/operator.ts);
 * - `public`: no sign-in (respondent pages, the public answer API, signing in).
 */
export type RouteAccess = Permission | 'signed-in' | 'operator' | 'public'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (src/server/plugins/route-permission.ts). */
    permission?: RouteAccess
    /** Error statuses the route answers beyond what its path and method imply (openapi-docs.ts). */
    errorStatuses?: readonly number[]
  }
}

/** A registered route and what it declared, for the generated role-matrix test. */
export interface DeclaredRoute {
  method: string
  url: string
  access: RouteAccess | undefined
}

const NOT_A_PERMISSION = new Set<string>(['signed-in', 'operator', 'public'])

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>()

/** Every route registered on `app` (and its child contexts), with its declared access. */
export function declaredRoutes(app: FastifyInstance): DeclaredRoute[] {
  return declared.get(app) ?? []
}

/**
 * A signed-in member whose membership holds a custom role acts with its permissions: their
 * built-in role is then the self-service one (`employee`), so only those are looked up. An API
 * token acts with its own role and gets none.
 */
async function addCustomRole(db: Db, request: FastifyRequest): Promise<void> {
  const principal = request.principal
  if (principal?.actor.type !== 'user' || principal.actor.role !== 'employee') return
  if ((principal.actor as ActorWithCustomRole).permissions) return
  const permissions = await customRolePermissions(db, principal.orgId, principal.actor.id)
  if (permissions) principal.actor = { ...principal.actor, permissions } as ActorWithCustomRole
}

/**
 * Records each route's declared access and checks a declared permission as soon as the caller
 * is known (before the body is read), so a route cannot forget the check its declaration names;
 * services check again. Install on the root instance before any route.
 */
export function installRoutePermissions(app: FastifyInstance, db: Db): void {
  const routes: DeclaredRoute[] = []
  declared.set(app, routes)
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.permission
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    // The HEAD twin of a GET route answers as the GET does.
    for (const method of methods)
      if (method !== 'HEAD') routes.push({ method, url: route.url, access })
    if (access === 'public' || !route.url.startsWith('/api/')) return
    const check = async (request: FastifyRequest): Promise<void> => {
      await addCustomRole(db, request)
      if (!request.principal) return
      if (access === 'operator') requireOperator(request.principal)
      else if (access !== undefined && !NOT_A_PERMISSION.has(access))
        requirePermission(request.principal.actor, access as Permission)
    }
    const existing = route.preParsing
    route.preParsing = existing
      ? [check, ...(Array.isArray(existing) ? existing : [existing])]
      : [check]
  })
}
