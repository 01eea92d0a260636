import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { CaseStatusKeySchema } from '../../cases/case-status.schema.js'
import { statusKeyOfCase } from '../../cases/case-status.service.js'
import type { AppDeps } from '../deps.js'
import { publicBase } from '../public-url.js'
import { scopeOf } from '../plugins/auth.js'

/** A case's number and status key with the lookup page's address (registered with the case routes). */
export function caseStatusRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { id: string } }>(
    '/api/v1/cases/:id/status-key',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['cases'],
        summary:
          'The case number and status key a customer gives on the public lookup page (/case-status/<organisation>) to read the case’s status, deadline and replies without signing in',
        params: z.object({ id: z.string() }),
        response: { 200: CaseStatusKeySchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      const { number, key } = await statusKeyOfCase(
        scope,
        request.params.id,
        deps.caches.linkSecrets,
      )
      return { number, key, url: `${publicBase(deps, request)}/case-status/${scope.orgId}` }
    },
  )
}
