import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  getCallSettings,
  saveCallSettings,
} from '../../follow-up-calls/follow-up-call-settings.service.js'
import {
  CallAttemptInputSchema,
  CallAttemptResultSchema,
  FollowUpCallConsoleSchema,
  FollowUpCallListSchema,
  FollowUpCallSettingsInputSchema,
  FollowUpCallSettingsSchema,
} from '../../follow-up-calls/follow-up-call.schema.js'
import {
  getCallConsole,
  listMyCalls,
  recordCallAttempt,
} from '../../follow-up-calls/follow-up-call.service.js'
import type { AnswerPath } from '../../responses/answer-path.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** Telephone follow-up (95598 回访, issue 20): the agent's call list, the call screen, attempts. */
export function followUpCallRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['cases']
  // Phone answers go the public answer path's way: same validation, writer and intake wake-up.
  const answers: AnswerPath = {
    store: deps.store,
    openSurveys: deps.caches.openSurveys,
    linkSecrets: deps.caches.linkSecrets,
    unitCodes: deps.caches.unitCodes,
    writer: deps.responseWriter,
    wakeJobs: deps.wakeJobs,
  }
  app.get(
    '/api/v1/follow-up-calls',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary: 'The caller’s follow-up calls: their resolved cases, due now and later',
        response: { 200: FollowUpCallListSchema },
      },
    },
    async (request) => listMyCalls(scopeOf(deps, request)),
  )
  app.get(
    '/api/v1/follow-up-calls/settings',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'The phone survey, hours before a retry and the most attempts',
        response: { 200: FollowUpCallSettingsSchema },
      },
    },
    async (request) => getCallSettings(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/follow-up-calls/settings',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary: 'Set the phone survey (published), hours before a retry and the most attempts',
        body: FollowUpCallSettingsInputSchema,
        response: { 200: FollowUpCallSettingsSchema },
      },
    },
    async (request) => saveCallSettings(scopeOf(deps, request), request.body),
  )
  app.get<IdRequest>(
    '/api/v1/follow-up-calls/:id',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'The call screen: the call, the customer, scripts, the survey’s questions and the attempts (FOLLOW_UP_CALL_NOT_FOUND)',
        params: IdParams,
        response: { 200: FollowUpCallConsoleSchema },
      },
    },
    async (request) => getCallConsole(scopeOf(deps, request), request.params.id),
  )
  app.post<IdRequest>(
    '/api/v1/follow-up-calls/:id/attempts',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'Record an attempt: reached (with the answers, stored on channel phone, once per call), no_answer (retried), refused, call_back (at callBackAt)',
        params: IdParams,
        body: CallAttemptInputSchema,
        response: { 200: CallAttemptResultSchema, 201: CallAttemptResultSchema },
      },
    },
    async (request, reply) => {
      const result = await recordCallAttempt(
        scopeOf(deps, request),
        answers,
        request.params.id,
        request.body,
      )
      reply.status(result.created ? 201 : 200)
      return result
    },
  )
}
