import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../auth/permission.service.js'
import { loadDemoData } from '../../demo/demo.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { auditRoutes } from './audit.routes.js'
import { DemoResultSchema } from '../../demo/demo.schema.js'

// Users and API tokens: users.routes.ts; the audit log: audit.routes.ts.
export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  auditRoutes(app, deps)

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
