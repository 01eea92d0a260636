import type { FastifyInstance } from 'fastify'
import {
  InternalSatisfactionQuerySchema,
  InternalSatisfactionSchema,
} from '../../employees/internal-satisfaction.schema.js'
import { internalSatisfaction } from '../../employees/internal-satisfaction.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

/**
 * The internal-satisfaction report (issue 19): an employee survey per dimension and unit with
 * eNPS, no group below the survey's minimum shown nor derivable (cell suppression over the whole
 * tree), and the units' customer NPS beside it with their correlation.
 */
export function internalSatisfactionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/internal-satisfaction',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags: ['employees'],
        summary:
          'Employee survey per dimension and unit with eNPS and intervals; groups below the minimum (and their complements) hidden; ?surveyId=&unitId=&externalSurveyId= and nothing else',
        querystring: InternalSatisfactionQuerySchema,
        response: { 200: InternalSatisfactionSchema },
      },
    },
    async (request) => internalSatisfaction(scopeOf(deps, request), request.query),
  )
}
