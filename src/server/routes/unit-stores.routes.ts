import type { FastifyInstance } from 'fastify'
import {
  StoreMatchResultSchema,
  UnmatchedStoreValuesSchema,
} from '../../responses/unit-store.schema.js'
import {
  matchStoreValuesToUnits,
  unmatchedStoreValues,
} from '../../responses/unit-store.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

/** The `store` hidden field against the unit tree: values matching no unit code, and matching the rest. */
export function unitStoreRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/units/unmatched-stores',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags: ['units'],
        summary:
          'Store values of answers without a unit that match no unit code, with how many answers carry each (most first)',
        response: { 200: UnmatchedStoreValuesSchema },
      },
    },
    async (request) => ({ values: await unmatchedStoreValues(scopeOf(deps, request)) }),
  )
  app.post(
    '/api/v1/units/match-stores',
    {
      config: { permission: 'units:write' },
      schema: {
        tags: ['units'],
        summary:
          "Give answers without a unit whose store value is a unit's code that unit (and add them to its roll-up)",
        response: { 200: StoreMatchResultSchema },
      },
    },
    async (request) => matchStoreValuesToUnits(scopeOf(deps, request)),
  )
}
