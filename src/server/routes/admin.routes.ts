import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requirePermission } from '../../auth/roles.js'
import { createApiToken } from '../../auth/auth.service.js'
import { CreateTokenSchema, CreateUserSchema } from '../../auth/auth.schema.js'
import { addUser, listUsers, resetUserPassword, SetPasswordSchema, updateUser, UserUpdateSchema } from '../../auth/user.service.js'
import { AuditQuerySchema, pageAudit } from '../../audit/audit.service.js'
import { loadDemoData } from '../../db/seed/demo.js'
import type { AppDeps } from '../app.js'
import { scopeOf } from '../plugins/auth.js'

export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/api/v1/tokens', { schema: { tags: ['admin'], summary: 'Create an API token (shown once)', body: CreateTokenSchema } }, async (request, reply) => {
    const scope = scopeOf(deps, request)
    requirePermission(scope.actor, 'tokens:write')
    reply.status(201)
    return createApiToken(scope, request.body)
  })

  app.get('/api/v1/users', { schema: { tags: ['admin'], summary: 'The organisation’s users' } }, async (request) => ({ users: await listUsers(scopeOf(deps, request)) }))

  app.patch<{ Params: { id: string } }>(
    '/api/v1/users/:id',
    { schema: { tags: ['admin'], summary: 'Set a user’s department (case routing), supervisor (escalation) and role; one administrator always remains', params: z.object({ id: z.string() }), body: UserUpdateSchema } },
    async (request) => updateUser(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/password',
    { schema: { tags: ['admin'], summary: 'Set a user’s password (administrators); the user’s sessions end', params: z.object({ id: z.string() }), body: SetPasswordSchema } },
    async (request, reply) => {
      await resetUserPassword(scopeOf(deps, request), request.params.id, request.body)
      return reply.status(204).send()
    },
  )

  app.post('/api/v1/users', { schema: { tags: ['admin'], summary: 'Add a user with a role (admin, supervisor, analyst, agent, viewer)', body: CreateUserSchema } }, async (request, reply) => {
    reply.status(201)
    return addUser(scopeOf(deps, request), request.body)
  })

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/audit',
    { schema: { tags: ['admin'], summary: 'Who did what, when (writes, exports, downloads), newest first: filter by action (survey.publish, or survey.*) and local dates; page on with nextCursor', querystring: AuditQuerySchema } },
    async (request) => {
      const scope = scopeOf(deps, request)
      requirePermission(scope.actor, 'audit:read')
      return pageAudit(scope, request.query)
    },
  )

  app.post('/api/v1/demo', { schema: { tags: ['admin'], summary: 'Load the demo surveys and responses into this organisation' } }, async (request, reply) => {
    const scope = scopeOf(deps, request)
    requirePermission(scope.actor, 'demo:load')
    reply.status(201)
    return loadDemoData(scope, {})
  })
}
