import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  CustomRoleInputSchema,
  CustomRoleSchema,
  RoleMatrixSchema,
} from '../../auth/custom-role.schema.js'
import {
  createCustomRole,
  deleteCustomRole,
  roleMatrix,
  updateCustomRole,
} from '../../auth/custom-role.service.js'
import type { AppDeps } from '../deps.js'
import { NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** The role matrix and the organisation's custom roles (security administrators: roles:manage). */
export function roleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['roles']

  app.get(
    '/api/v1/roles',
    {
      config: { permission: 'roles:manage' },
      schema: {
        tags,
        summary:
          'The permission list (each with its 等保 2.0 area), the built-in roles’ permissions, the organisation’s custom roles and who holds them',
        response: { 200: RoleMatrixSchema },
      },
    },
    async (request) => roleMatrix(scopeOf(deps, request)),
  )

  app.post(
    '/api/v1/roles',
    {
      config: { permission: 'roles:manage' },
      schema: {
        tags,
        summary:
          'Create a custom role from the permission list; never system, security and audit administration together (ROLE_SEPARATION)',
        body: CustomRoleInputSchema,
        response: { 201: CustomRoleSchema },
      },
    },
    async (request, reply) => {
      const role = await createCustomRole(scopeOf(deps, request), request.body)
      return reply.status(201).send(role)
    },
  )

  app.put<IdRequest>(
    '/api/v1/roles/:id',
    {
      config: { permission: 'roles:manage' },
      schema: {
        tags,
        summary: 'Change a custom role; its members act with the new permissions at once',
        params: IdParams,
        body: CustomRoleInputSchema,
        response: { 200: CustomRoleSchema },
      },
    },
    async (request) => updateCustomRole(scopeOf(deps, request), request.params.id, request.body),
  )

  app.delete<IdRequest>(
    '/api/v1/roles/:id',
    {
      config: { permission: 'roles:manage' },
      schema: {
        tags,
        summary: 'Delete a custom role no member holds (CUSTOM_ROLE_IN_USE otherwise)',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await deleteCustomRole(scopeOf(deps, request), request.params.id)
      return reply.status(204).send()
    },
  )
}
