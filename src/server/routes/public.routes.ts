import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AnswerPath } from '../../responses/answer-path.js'
import { submitResponse } from '../../responses/response.service.js'
import { findOpenSurveyBySlug } from '../../surveys/survey-answering.service.js'
import { ResponseSubmissionSchema } from '../../surveys/survey.schema.js'
import type { AppDeps } from '../deps.js'
import { PublicSurveySchema, SubmitResultSchema } from '../../surveys/survey-views.schema.js'

const SlugParams = z.object({ slug: z.string() })
type SlugRequest = { Params: { slug: string } }

export function publicRoutes(app: FastifyInstance, deps: AppDeps): void {
  // The answer path's dependencies, from the composition root; a stored answer wakes the intake itself.
  const answers: AnswerPath = {
    store: deps.store,
    openSurveys: deps.caches.openSurveys,
    linkSecrets: deps.caches.linkSecrets,
    unitCodes: deps.caches.unitCodes,
    writer: deps.responseWriter,
    wakeJobs: deps.wakeJobs,
  }
  const tags = ['public']
  const rateLimit = { max: deps.config.publicRateLimit, timeWindow: '1 minute' }

  app.get<SlugRequest>(
    '/api/v1/public/surveys/:slug',
    {
      schema: {
        tags,
        summary: 'The questions of an open survey',
        params: SlugParams,
        response: { 200: PublicSurveySchema },
      },
      config: { permission: 'public', rateLimit },
    },
    async (request) => {
      const { survey } = await findOpenSurveyBySlug(deps.store.db, request.params.slug)
      return {
        slug: survey.slug,
        title: survey.title,
        defaultLocale: survey.defaultLocale,
        version: survey.version,
        questions: survey.questions,
      }
    },
  )

  app.post<SlugRequest>(
    '/api/v1/public/surveys/:slug/responses',
    {
      schema: {
        tags,
        summary:
          'Submit an answer. Idempotent per Idempotency-Key header or clientResponseId: a retry returns the stored response (200) instead of creating one (201).',
        params: SlugParams,
        body: ResponseSubmissionSchema,
        response: { 200: SubmitResultSchema, 201: SubmitResultSchema },
      },
      config: { permission: 'public', rateLimit },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key']
      const result = await submitResponse(
        answers,
        request.params.slug,
        request.body,
        typeof key === 'string' ? key : undefined,
        deps.clock(),
      )
      reply.status(result.created ? 201 : 200)
      return result
    },
  )
}
