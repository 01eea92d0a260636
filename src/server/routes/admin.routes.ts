import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../auth/roles.js'
import { AuditQuerySchema, pageAudit } from '../../audit/audit.service.js'
import { loadDemoData } from '../../demo/demo.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

// Users and API tokens: users.routes.ts.
export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/audit',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Who did what, when (writes, exports, downloads), newest first: filter by action (survey.publish, or survey.*) and local dates; page on with nextCursor',
        querystring: AuditQuerySchema,
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      requirePermission(scope.actor, 'audit:read')
      return pageAudit(scope, request.query)
    },
  )

  app.post(
    '/api/v1/demo',
    {
      schema: {
        tags: ['admin'],
        summary: 'Load the demo surveys and responses into this organisation',
      },
    },
    async (request, reply) => {
      const scope = scopeOf(deps, request)
      requirePermission(scope.actor, 'demo:load')
      reply.status(201)
      return loadDemoData(scope, {})
    },
  )
}
