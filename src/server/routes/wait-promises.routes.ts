import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  WaitPromiseInputSchema,
  WaitPromiseListSchema,
  WaitPromiseSchema,
  WaitPromiseStatusQuerySchema,
  WaitPromiseStatusSchema,
} from '../../commitments/wait-promise.schema.js'
import {
  listWaitPromises,
  removeWaitPromise,
  setWaitPromise,
  waitPromiseStatus,
} from '../../commitments/wait-promise.service.js'
import type { AppDeps } from '../deps.js'
import { NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const KeyParams = z.object({ key: z.string().min(1) })

/** The waiting promise of service halls and which halls break it (registered with the commitments). */
export function waitPromiseRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['commitments']

  app.get(
    '/api/v1/wait-promises',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The waiting promises: the organisation’s default (unitId null) and those set on units (each applies to the unit and every unit below it, the nearest one up the tree winning)',
        response: { 200: WaitPromiseListSchema },
      },
    },
    async (request) => listWaitPromises(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/wait-promises',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Set the waiting promise "withinPercent % of visitors called within minutes" of the organisation (unitId null) or of a unit and everything below it; the same unit again replaces it',
        body: WaitPromiseInputSchema,
        response: { 200: WaitPromiseSchema },
      },
    },
    async (request) => setWaitPromise(scopeOf(deps, request), request.body),
  )

  app.delete<{ Params: { key: string } }>(
    '/api/v1/wait-promises/:key',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Remove the waiting promise set on a unit (its halls fall back to the one above) or, with key `default`, the organisation’s',
        params: KeyParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await removeWaitPromise(scopeOf(deps, request), request.params.key)
      return reply.code(204).send()
    },
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/wait-promises/status',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Which of the caller’s halls break their waiting promise: today so far (visits called or waiting past the limit; judged from minVisits, default 20) and now (the live estimate against the promised minutes)',
        querystring: WaitPromiseStatusQuerySchema,
        response: { 200: WaitPromiseStatusSchema },
      },
    },
    async (request) => waitPromiseStatus(scopeOf(deps, request), request.query),
  )
}
