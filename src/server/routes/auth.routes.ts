import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { login, logout } from '../../auth/auth.service.js'
import { LoginBodySchema } from '../../auth/auth.schema.js'
import { findOrganisation } from '../../organisations/organisation.service.js'
import type { AppDeps } from '../app.js'
import { scopeOf, SESSION_COOKIE, setSessionCookie } from '../plugins/auth.js'

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Log in with e-mail and password; sets an httpOnly session cookie', body: LoginBodySchema },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { sessionSecret, principal } = await login(deps.store.db, request.body, deps.clock())
      setSessionCookie(deps, reply, sessionSecret)
      return { user: principal.user, role: principal.actor.role }
    },
  )

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE]
    if (secret) await logout(deps.store.db, secret)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true }
  })

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: 'Who is calling', response: { 200: z.any() } } }, async (request) => {
    const scope = scopeOf(deps, request)
    const organisation = await findOrganisation(scope.db, scope.orgId)
    return { user: request.principal?.user ?? null, role: scope.actor.role, actorType: scope.actor.type, organisation }
  })
}
