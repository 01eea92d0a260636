import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { SessionListSchema } from '../../auth/mfa.schema.js'
import {
  endMemberSession,
  endOwnSession,
  listMemberSessions,
  listOwnSessions,
} from '../../auth/session-policy.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf, SESSION_COOKIE } from '../plugins/auth.js'
import { NO_CONTENT } from '../openapi-responses.js'

const SessionParams = z.object({ id: z.string().max(100) })
const MemberSessionParams = z.object({ id: z.string().max(100), sessionId: z.string().max(100) })

/** One's own sessions, and (sessions:manage) a member's. */
export function sessionRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'One’s own sessions: made, last seen, address, user agent; the current one marked',
        response: { 200: SessionListSchema },
      },
      config: { permission: 'signed-in' },
    },
    async (request) => ({
      sessions: await listOwnSessions(scopeOf(deps, request), request.cookies[SESSION_COOKIE]),
    }),
  )

  app.delete(
    '/api/v1/auth/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'End one of one’s own sessions',
        params: SessionParams,
        response: { 204: NO_CONTENT },
      },
      config: { permission: 'signed-in' },
    },
    async (request, reply) => {
      await endOwnSession(scopeOf(deps, request), (request.params as { id: string }).id)
      return reply.status(204).send()
    },
  )

  app.get(
    '/api/v1/users/:id/sessions',
    {
      schema: {
        tags: ['users'],
        summary: 'A member’s sessions (sessions:manage)',
        params: SessionParams,
        response: { 200: SessionListSchema },
      },
      config: { permission: 'sessions:manage' },
    },
    async (request) => ({
      sessions: await listMemberSessions(
        scopeOf(deps, request),
        (request.params as { id: string }).id,
      ),
    }),
  )

  app.delete(
    '/api/v1/users/:id/sessions/:sessionId',
    {
      schema: {
        tags: ['users'],
        summary: 'End a member’s session (sessions:manage, audited)',
        params: MemberSessionParams,
        response: { 204: NO_CONTENT },
      },
      config: { permission: 'sessions:manage' },
    },
    async (request, reply) => {
      const { id, sessionId } = request.params as { id: string; sessionId: string }
      await endMemberSession(scopeOf(deps, request), id, sessionId)
      return reply.status(204).send()
    },
  )
}
