import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  SegmentComparisonQuerySchema,
  SegmentComparisonSchema,
} from '../../responses/segment-comparison.schema.js'
import { compareSurveySegments } from '../../responses/segment-comparison.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

export function segmentComparisonRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/segment-comparison',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags: ['surveys'],
        summary:
          'NPS, CSAT or CES per value of a hidden field (store, region…): ranked with 95% intervals, each tested against the rest (Holm-adjusted), and by month',
        params: z.object({ id: z.string() }),
        querystring: SegmentComparisonQuerySchema,
        response: { 200: SegmentComparisonSchema },
      },
    },
    async (request) =>
      compareSurveySegments(scopeOf(deps, request), request.params.id, request.query),
  )
}
