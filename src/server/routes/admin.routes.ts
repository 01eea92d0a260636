import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../auth/permission.service.js'
import { AuditQuerySchema, pageAudit } from '../../audit/audit.service.js'
import { loadDemoData } from '../../demo/demo.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { AuditPageSchema } from '../../audit/audit.schema.js'
import { DemoResultSchema } from '../../demo/demo.schema.js'

// Users and API tokens: users.routes.ts.
export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['admin'],
        summary:
          'Who did what, when (writes, exports, downloads), newest first: filter by action (survey.publish, or survey.*) and local dates; page on with nextCursor',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema },
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
      config: { permission: 'demo:load' },
      schema: {
        tags: ['admin'],
        summary: 'Load the demo surveys and responses into this organisation',
        response: { 201: DemoResultSchema },
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
