import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { CaseContextSchema } from '../../cases/case-context.schema.js'
import { getCaseContext } from '../../cases/case-context.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

/** The case page's surroundings of a case (registered with the case routes). */
export function caseContextRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { id: string } }>(
    '/api/v1/cases/:id/context',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['cases'],
        summary:
          'Around a case: the time zone its deadlines are kept in (with its label), its store and customer reference, and the whole survey answer it was opened from',
        params: z.object({ id: z.string() }),
        response: { 200: CaseContextSchema },
      },
    },
    async (request) => getCaseContext(scopeOf(deps, request), request.params.id),
  )
}
