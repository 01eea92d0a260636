import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  addMemberAsOperator,
  configureOrganisationAsOperator,
  createOrganisationAsOperator,
  CreateOrganisationSchema,
  listOrganisationsForOperator,
  requireOperator,
  setOrganisationSuspension,
  type OperatorCaller,
} from '../../auth/operator.service.js'
import {
  AddedOperatorMemberSchema,
  CreatedOrganisationSchema,
  OperatorMemberSchema,
  OperatorOrganisationListSchema,
  OperatorOrganisationSchema,
} from '../../auth/auth.schema.js'
import { OrganisationConfigurationSchema } from '../../organisations/organisation-profile.service.js'
import type { AppDeps } from '../deps.js'

const tags = ['operator']
const IdParams = z.object({ id: z.string().min(1).max(100) })

/** The instance operator's console: organisations, never their data (src/auth/operator.ts). */
export function operatorRoutes(app: FastifyInstance, deps: AppDeps): void {
  const caller = (request: FastifyRequest): OperatorCaller => ({
    actor: requireOperator(request.principal),
    now: deps.clock(),
  })
  const config = { permission: 'operator' as const }

  app.get(
    '/api/v1/operator/organisations',
    {
      config,
      schema: {
        tags,
        summary: 'Every organisation of the instance, with its state and member count (operators)',
        response: { 200: OperatorOrganisationListSchema },
      },
    },
    async (request) => {
      caller(request)
      return { organisations: await listOrganisationsForOperator(deps.store.db) }
    },
  )

  app.post(
    '/api/v1/operator/organisations',
    {
      config,
      schema: {
        tags,
        summary: 'Create an organisation with its first administrator (operators)',
        description:
          'Without `admin.password` a password is generated and answered once (`generatedPassword`). ' +
          'When the e-mail is a known person, they join as administrator with their own password (`existingPerson`).',
        body: CreateOrganisationSchema,
        response: { 201: CreatedOrganisationSchema },
      },
    },
    async (request, reply) => {
      const created = await createOrganisationAsOperator(
        deps.store.db,
        caller(request),
        request.body,
      )
      reply.code(201)
      return created
    },
  )

  for (const [action, suspended] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/api/v1/operator/organisations/:id/${action}`,
      {
        config,
        schema: {
          tags,
          summary: suspended
            ? 'Suspend an organisation: no sign-in, its sessions and tokens refused (operators)'
            : 'Resume a suspended organisation (operators)',
          params: IdParams,
          response: { 200: OperatorOrganisationSchema },
        },
      },
      async (request) =>
        setOrganisationSuspension(
          deps.store.db,
          caller(request),
          (request.params as { id: string }).id,
          suspended,
        ),
    )
  }

  app.put(
    '/api/v1/operator/organisations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename an organisation or change its time zone (operators)',
        params: IdParams,
        body: OrganisationConfigurationSchema,
        response: { 200: OperatorOrganisationSchema },
      },
    },
    async (request) =>
      configureOrganisationAsOperator(
        deps.store.db,
        caller(request),
        (request.params as { id: string }).id,
        request.body,
      ),
  )

  app.post(
    '/api/v1/operator/organisations/:id/members',
    {
      config,
      schema: {
        tags,
        summary:
          'Add an administrator, security administrator or auditor to an organisation (operators)',
        description:
          'The three administrations 等保 2.0 keeps apart: an organisation administrator may not grant the ' +
          'security administrator or the auditor, the operator does. Without `password` one is generated and ' +
          'answered once (`generatedPassword`); a known person joins with their own password (`existingPerson`).',
        params: IdParams,
        body: OperatorMemberSchema,
        response: { 201: AddedOperatorMemberSchema },
      },
    },
    async (request, reply) => {
      const added = await addMemberAsOperator(
        deps.store.db,
        caller(request),
        (request.params as { id: string }).id,
        request.body,
      )
      reply.code(201)
      return added
    },
  )
}
