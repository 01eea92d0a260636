import type { FastifyInstance } from 'fastify'
import { OverviewQuerySchema, OverviewSchema } from '../../overview/overview.schema.js'
import { organisationOverview } from '../../overview/overview.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

export function overviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/overview',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags: ['overview'],
        summary:
          'Home page overview across all surveys: pooled NPS, CSAT, CES with 95% intervals and change since the previous period, worst channels, control-chart alerts, cases at risk',
        querystring: OverviewQuerySchema,
        response: { 200: OverviewSchema },
      },
    },
    async (request) => organisationOverview(scopeOf(deps, request), request.query),
  )
}
