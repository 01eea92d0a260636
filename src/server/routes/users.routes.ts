import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { CreateUserSchema } from '../../auth/auth.schema.js'
import {
  CreateTokenSchema,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../auth/token.service.js'
import {
  addUser,
  deleteUser,
  disableUser,
  enableUser,
  listUsers,
  resetUserPassword,
  SetPasswordSchema,
  unlockUser,
  updateUser,
  UserUpdateSchema,
} from '../../auth/user.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import {
  CreatedTokenSchema,
  TokenListSchema,
  TokenSummarySchema,
  UserListSchema,
  UserSummarySchema,
} from '../../auth/auth.schema.js'
import { NO_CONTENT } from '../openapi-responses.js'

const IdParams = z.object({ id: z.string() })

/** Users of the organisation (administrators) and API tokens (everyone's own; administrators all). */
export function userRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/tokens',
    {
      config: { permission: 'tokens:read' },
      schema: {
        tags: ['tokens'],
        summary:
          'API tokens: the caller’s own; an administrator sees every token of the organisation. Never the secret.',
        response: { 200: TokenListSchema },
      },
    },
    async (request) => ({
      tokens: await listApiTokens(scopeOf(deps, request)),
    }),
  )

  app.post(
    '/api/v1/tokens',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the secret is in this answer only)',
        description:
          'The token acts with `role` (default and at most the creator’s role) and `scope` (`full`, or `read` for the read permissions only), ' +
          'always bounded by the creator’s current role: demoting the creator demotes the token; disabling or deleting the creator stops it. ' +
          'It expires after `expiresInDays` (default 90, at most 365). A token cannot create tokens.',
        body: CreateTokenSchema,
        response: { 201: CreatedTokenSchema },
      },
    },
    async (request, reply) => {
      reply.status(201)
      return createApiToken(scopeOf(deps, request), request.body)
    },
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/tokens/:id/revoke',
    {
      config: { permission: 'tokens:own' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token at once (one’s own; any for an administrator); audited',
        params: IdParams,
        response: { 200: TokenSummarySchema },
      },
    },
    async (request) => revokeApiToken(scopeOf(deps, request), request.params.id),
  )

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'The organisation’s users (deleted ones are not listed)',
        response: { 200: UserListSchema },
      },
    },
    async (request) => ({ users: await listUsers(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary:
          'Add a user with a role (admin, supervisor, analyst, agent, viewer); the password must pass the policy (PASSWORD_TOO_WEAK)',
        body: CreateUserSchema,
        response: { 201: UserSummarySchema },
      },
    },
    async (request, reply) => {
      reply.status(201)
      return addUser(scopeOf(deps, request), request.body)
    },
  )

  app.patch<{ Params: { id: string } }>(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary:
          'Set a user’s department (case routing), supervisor (escalation) and role; one active administrator always remains',
        params: IdParams,
        body: UserUpdateSchema,
        response: { 200: UserSummarySchema },
      },
    },
    async (request) => updateUser(scopeOf(deps, request), request.params.id, request.body),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/password',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary:
          'Set a user’s password (administrators; the password policy applies); the user’s sessions end',
        params: IdParams,
        body: SetPasswordSchema,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await resetUserPassword(scopeOf(deps, request), request.params.id, request.body)
      return reply.status(204).send()
    },
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/disable',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary:
          'Disable a user: sessions end, their API tokens stop working, login answers USER_DISABLED; never the last active administrator',
        params: IdParams,
        response: { 200: UserSummarySchema },
      },
    },
    async (request) => disableUser(scopeOf(deps, request), request.params.id),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/enable',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary: 'Enable a disabled user again',
        params: IdParams,
        response: { 200: UserSummarySchema },
      },
    },
    async (request) => enableUser(scopeOf(deps, request), request.params.id),
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/users/:id/unlock',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary:
          'Lift the lock that failed logins put on a user’s e-mail (`lockedUntil` in the user list), so the right password works again; audited',
        params: IdParams,
        response: { 200: UserSummarySchema },
      },
    },
    async (request) => unlockUser(scopeOf(deps, request), request.params.id),
  )

  app.delete<{ Params: { id: string } }>(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:write' },
      schema: {
        tags: ['users'],
        summary:
          'Delete a user (softly: audit history and case ownership keep their name; sessions end, tokens are revoked); never the last active administrator',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await deleteUser(scopeOf(deps, request), request.params.id)
      return reply.status(204).send()
    },
  )
}
