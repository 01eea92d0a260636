import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  ReplyScriptFilledSchema,
  ReplyScriptInputSchema,
  ReplyScriptListQuerySchema,
  ReplyScriptListSchema,
  ReplyScriptSchema,
  ReplyScriptUseInputSchema,
} from '../../reply-scripts/reply-script.schema.js'
import {
  createReplyScript,
  listReplyScripts,
  updateReplyScript,
  useReplyScript,
} from '../../reply-scripts/reply-script.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** The script library (话术, issue 19): the scripts, their changes, and filling one in for a case. */
export function replyScriptRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['cases']
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/reply-scripts',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The script library with uses and recovery rates; ?caseId= gives the active scripts fitting that case’s cause and channel',
        querystring: ReplyScriptListQuerySchema,
        response: { 200: ReplyScriptListSchema },
      },
    },
    async (request) => ({ scripts: await listReplyScripts(scopeOf(deps, request), request.query) }),
  )
  app.post(
    '/api/v1/reply-scripts',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary: 'Add a reply or apology script ({customerName}, {caseNumber}, {deadline})',
        body: ReplyScriptInputSchema,
        response: { 201: ReplyScriptSchema },
      },
    },
    async (request, reply) => {
      reply.status(201)
      return createReplyScript(scopeOf(deps, request), request.body)
    },
  )
  app.put<IdRequest>(
    '/api/v1/reply-scripts/:id',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary: 'Replace a script (REPLY_SCRIPT_NOT_FOUND)',
        params: IdParams,
        body: ReplyScriptInputSchema,
        response: { 200: ReplyScriptSchema },
      },
    },
    async (request) => updateReplyScript(scopeOf(deps, request), request.params.id, request.body),
  )
  app.post<IdRequest>(
    '/api/v1/reply-scripts/:id/use',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'Fill an active script in for a case’s reply box and count the use (CASE_NOT_FOUND outside the caller’s units)',
        params: IdParams,
        body: ReplyScriptUseInputSchema,
        response: { 200: ReplyScriptFilledSchema },
      },
    },
    async (request) => useReplyScript(scopeOf(deps, request), request.params.id, request.body),
  )
}
