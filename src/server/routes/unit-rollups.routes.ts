import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { UnitRollupQuerySchema, UnitRollupSchema } from '../../responses/unit-rollup.schema.js'
import { unitRollup } from '../../responses/unit-rollup.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })

/** A unit's roll-up: its subtree's figures per day. */
export function unitRollupRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/v1/units/:id/rollup',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags: ['units'],
        summary:
          'A unit’s figures per local date over its subtree (answers, NPS, CSAT and CES counts, 7-level CSM counts per question, SERVQUAL sums per dimension), from the unit roll-ups, on the tree as it stood each day or re-cut to today’s',
        params: IdParams,
        querystring: UnitRollupQuerySchema,
        response: { 200: UnitRollupSchema },
      },
    },
    async (request) => unitRollup(scopeOf(deps, request), request.params.id, request.query),
  )
}
