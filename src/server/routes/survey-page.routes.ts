import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { submitResponse } from '../../responses/response.service.js'
import { findOpenSurveyBySlug } from '../../surveys/survey.service.js'
import { AppError, GoneError, NotFoundError, ValidationError } from '../../shared/errors.js'
import { mapError } from '../../shared/error-map.js'
import { newSecret } from '../../shared/ids.js'
import { negotiateLocale, type Locale } from '../../shared/locale.js'
import type { AppDeps } from '../app.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { noticePage, surveyFormPage } from '../pages/survey-page.js'

type PageRequest = { Params: { slug: string }; Querystring: { lang?: string } }

function localeOf(request: FastifyRequest<PageRequest>, fallback?: Locale): Locale {
  return negotiateLocale(request.query.lang, request.headers['accept-language'], fallback)
}

/** Errors on respondent pages are pages in the respondent's language, not JSON. */
function renderPageError(error: FastifyError | AppError, request: FastifyRequest<PageRequest>, reply: FastifyReply) {
  const locale = localeOf(request)
  const text = PAGE_TEXT[locale]
  reply.type('text/html; charset=utf-8')
  if (error instanceof GoneError) return reply.status(410).send(noticePage(locale, text.closedTitle, text.closedBody))
  if (error instanceof NotFoundError) return reply.status(404).send(noticePage(locale, text.notFoundTitle, text.notFoundBody))
  const status = error instanceof AppError ? mapError(error).http : (error as FastifyError).statusCode ?? 500
  if (status === 429) return reply.status(429).send(noticePage(locale, text.rateLimited, text.rateLimited))
  if (status >= 500) request.log.error({ err: error }, 'survey page failed')
  return reply.status(status).send(noticePage(locale, text.notFoundTitle, text.notFoundBody))
}

export function surveyPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = { max: deps.config.publicRateLimit, timeWindow: '1 minute' }

  app.get<PageRequest>('/s/:slug', { errorHandler: renderPageError, schema: { hide: true }, config: { rateLimit } }, async (request, reply) => {
    const { survey } = await findOpenSurveyBySlug(deps.store.db, request.params.slug)
    const locale = localeOf(request, survey.defaultLocale)
    // A fresh id per rendered form makes a double submit or a resend after "back" idempotent.
    const html = surveyFormPage(survey, locale, { values: {}, issues: [], clientResponseId: newSecret(16) })
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })

  app.post<PageRequest & { Body: Record<string, string> }>(
    '/s/:slug',
    { errorHandler: renderPageError, schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const form = request.body ?? {}
      const { survey } = await findOpenSurveyBySlug(deps.store.db, request.params.slug)
      const locale = localeOf(request, survey.defaultLocale)
      const answers = Object.fromEntries(survey.questions.map((q) => [q.key, form[q.key] ?? null]))
      const body = { answers, clientResponseId: form.clientResponseId, locale, channel: 'link' }
      reply.type('text/html; charset=utf-8')
      try {
        await submitResponse(deps.store, request.params.slug, body, undefined, deps.clock())
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const values = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v ?? '']))
        const clientResponseId = typeof form.clientResponseId === 'string' && form.clientResponseId ? form.clientResponseId : newSecret(16)
        return reply.status(400).send(surveyFormPage(survey, locale, { values, issues: error.details, clientResponseId }))
      }
      const text = PAGE_TEXT[locale]
      return reply.status(200).send(noticePage(locale, text.thanksTitle, text.thanksBody))
    },
  )
}
