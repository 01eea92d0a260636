import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  ConsentInputSchema,
  ConsentListSchema,
  ConsentSchema,
  customerConsents,
  setCustomerConsent,
} from '../../customers/customer-consent.service.js'
import {
  ContactRulesInputSchema,
  ContactRulesSchema,
} from '../../distribution/contact-rules.schema.js'
import { getContactRules, updateContactRules } from '../../distribution/contact-rules.service.js'
import {
  ProgrammeInputSchema,
  ProgrammeListSchema,
  ProgrammeSchema,
  ProgrammeStatusInputSchema,
} from '../../distribution/programme.schema.js'
import {
  createProgramme,
  fireProgrammeNow,
  listProgrammes,
  updateProgrammeStatus,
} from '../../distribution/programme.service.js'
import {
  CustomerSegmentInputSchema,
  CustomerSegmentListSchema,
  CustomerSegmentSchema,
} from '../../customers/customer-segment.schema.js'
import {
  createCustomerSegment,
  listCustomerSegments,
} from '../../customers/customer-segment.service.js'
import {
  deleteCustomerSegment,
  updateCustomerSegment,
} from '../../customers/customer-segment-edit.service.js'
import type { AppDeps } from '../deps.js'
import { NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
const ConsentParams = z.object({ id: z.string(), purpose: z.string() })

/** Contact rules (cap, quiet hours), recurring programmes and customers' consent per purpose. */
export function contactProgrammeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['distribution']

  app.get(
    '/api/v1/contact-rules',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'The organisation’s contact rules: frequency cap and quiet hours',
        response: { 200: ContactRulesSchema },
      },
    },
    async (request) => getContactRules(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/contact-rules',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary:
          'Set the frequency cap (days, null for none) and quiet hours (HH:MM, both or neither); applied to every invitation sent (CONTACT_CAP_INVALID, QUIET_HOURS_MALFORMED, QUIET_HOURS_INCOMPLETE)',
        body: ContactRulesInputSchema,
        response: { 200: ContactRulesSchema },
      },
    },
    async (request) => updateContactRules(scopeOf(deps, request), request.body),
  )

  app.get(
    '/api/v1/customer-segments',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary:
          'Saved customer segments (unit subtree, loyalty tiers) with their reachable members now',
        response: { 200: CustomerSegmentListSchema },
      },
    },
    async (request) => ({ segments: await listCustomerSegments(scopeOf(deps, request)) }),
  )
  app.post(
    '/api/v1/customer-segments',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary:
          'Save a customer segment: customers first met in a unit (and below), holding one of some loyalty tiers, or both; a programme can ask it',
        body: CustomerSegmentInputSchema,
        response: { 201: CustomerSegmentSchema },
      },
    },
    async (request, reply) => {
      const made = await createCustomerSegment(scopeOf(deps, request), request.body)
      reply.status(201)
      return made
    },
  )

  app.put<{ Params: { id: string } }>(
    '/api/v1/customer-segments/:id',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary:
          'Rename a customer segment or change its unit and tiers; programmes asking it use the new rules at their next run (SEGMENT_NOT_FOUND, SEGMENT_NAME_TAKEN, UNIT_NOT_FOUND)',
        params: IdParams,
        body: CustomerSegmentInputSchema,
        response: { 200: CustomerSegmentSchema },
      },
    },
    async (request) =>
      updateCustomerSegment(scopeOf(deps, request), request.params.id, request.body),
  )
  app.delete<{ Params: { id: string } }>(
    '/api/v1/customer-segments/:id',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary:
          'Delete a customer segment; refused with SEGMENT_IN_USE (and the programmes) while a programme, active or paused, asks it',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await deleteCustomerSegment(scopeOf(deps, request), request.params.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/v1/programmes',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'Recurring programmes with their runs (sent, skipped by reason)',
        response: { 200: ProgrammeListSchema },
      },
    },
    async (request) => ({ programmes: await listProgrammes(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/programmes',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary:
          'Create a monthly, quarterly or yearly survey to a contact list, a unit’s contacts or a saved customer segment (PROGRAMME_AUDIENCE_EMPTY when nobody is in it); a period already begun runs at once',
        body: ProgrammeInputSchema,
        response: { 201: ProgrammeSchema },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(deps, request)
      const made = await createProgramme(scope, request.body, {
        allowedHosts: deps.config.webhookAllowedHosts,
        emailConfigured: deps.config.smtpUrl !== undefined,
      })
      // A programme whose first period has begun runs now, not at the job's next look.
      await fireProgrammeNow(scope, made.id, deps.wakeJobs)
      reply.status(201)
      return (await listProgrammes(scope)).find((p) => p.id === made.id) ?? made
    },
  )

  app.put<{ Params: { id: string } }>(
    '/api/v1/programmes/:id/status',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary: 'Pause a programme or take it up again',
        params: IdParams,
        body: ProgrammeStatusInputSchema,
        response: { 200: ProgrammeSchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      const updated = await updateProgrammeStatus(scope, request.params.id, request.body)
      if (updated.status !== 'active') return updated
      // Resumed in a period that has no run yet: it runs now.
      await fireProgrammeNow(scope, updated.id, deps.wakeJobs)
      return (await listProgrammes(scope)).find((p) => p.id === updated.id) ?? updated
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/customers/:id/consents',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['customers'],
        summary: 'A customer’s consent per purpose (survey invitations, service, marketing)',
        params: IdParams,
        response: { 200: ConsentListSchema },
      },
    },
    async (request) => ({
      consents: await customerConsents(scopeOf(deps, request), request.params.id),
    }),
  )

  app.put<{ Params: { id: string; purpose: string } }>(
    '/api/v1/customers/:id/consents/:purpose',
    {
      config: { permission: 'contacts:write' },
      schema: {
        tags: ['customers'],
        summary:
          'Record consent given or withdrawn for a purpose; withdrawn survey_invitation consent holds every invitation to the customer',
        params: ConsentParams,
        body: ConsentInputSchema,
        response: { 200: ConsentSchema },
      },
    },
    async (request) =>
      setCustomerConsent(
        scopeOf(deps, request),
        request.params.id,
        request.params.purpose,
        request.body,
      ),
  )
}
