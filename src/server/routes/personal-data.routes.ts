import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { RevealedValueSchema, RevealInputSchema } from '../../cases/case.schema.js'
import { revealCaseCustomer } from '../../cases/case-reveal.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })

/** Personal data shown unmasked on purpose: the case owner's reveal, with a reason, on record. */
export function personalDataRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Params: { id: string } }>(
    '/api/v1/cases/:id/reveal',
    {
      config: { permission: 'personal-data:reveal' },
      schema: {
        tags: ['cases'],
        summary:
          "Reveal one personal field (name, email, phone) of the case's customer: the case's owner only, while it is open, with a reason; audited (ids, field and reason, never the value)",
        params: IdParams,
        body: RevealInputSchema,
        response: { 200: RevealedValueSchema },
      },
    },
    async (request) => revealCaseCustomer(scopeOf(deps, request), request.params.id, request.body),
  )
}
