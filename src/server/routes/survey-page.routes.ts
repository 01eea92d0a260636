import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { submitResponse } from '../../responses/response.service.js'
import { answerFromForm } from '../../surveys/survey-answers.js'
import { answersSoFar } from '../../surveys/open-survey-cache.js'
import { assertAcceptingAnswers, findOpenSurveyBySlug } from '../../surveys/survey.service.js'
import type { Survey } from '../../surveys/survey.schema.js'
import { AppError, GoneError, NotFoundError, ValidationError } from '../../shared/errors.js'
import { mapError } from '../../shared/error-map.js'
import { newSecret } from '../../shared/ids.js'
import { negotiateLocale, type Locale } from '../../shared/locale.js'
import type { AppDeps } from '../app.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { noticePage, surveyFormPage } from '../pages/survey-page.js'
import { surveyPageScript } from '../pages/survey-script.js'

type PageRequest = { Params: { slug: string }; Querystring: Record<string, string | undefined> & { lang?: string } }

const CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/

/** The survey's declared hidden fields and the channel, as given in the link (?store=A12&channel=qr). */
function linkContext(survey: Survey, source: Record<string, unknown>): { hidden: Record<string, string>; channel: string } {
  const hidden: Record<string, string> = {}
  for (const field of survey.settings.hiddenFields) {
    const value = source[field]
    if (typeof value === 'string' && value !== '' && value.length <= 200) hidden[field] = value
  }
  const channel = typeof source.channel === 'string' && CHANNEL.test(source.channel) ? source.channel : 'link'
  return { hidden, channel }
}

function localeOf(request: FastifyRequest<PageRequest>, fallback?: Locale): Locale {
  return negotiateLocale(request.query.lang, request.headers['accept-language'], fallback)
}

/** Errors on respondent pages are pages in the respondent's language, not JSON. */
function renderPageError(error: FastifyError | AppError, request: FastifyRequest<PageRequest>, reply: FastifyReply) {
  const locale = localeOf(request)
  const text = PAGE_TEXT[locale]
  reply.type('text/html; charset=utf-8')
  if (error instanceof GoneError && error.code === 'SURVEY_QUOTA_REACHED') return reply.status(410).send(noticePage(locale, text.quotaTitle, text.quotaBody))
  if (error instanceof GoneError) return reply.status(410).send(noticePage(locale, text.closedTitle, text.closedBody))
  if (error instanceof NotFoundError && error.code === 'SURVEY_NOT_OPEN_YET') {
    const time = new Date(String(error.extra.opensAt)).toLocaleString(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' })
    return reply.status(404).send(noticePage(locale, text.notOpenTitle, text.notOpenBody.replace('{time}', time)))
  }
  if (error instanceof NotFoundError) return reply.status(404).send(noticePage(locale, text.notFoundTitle, text.notFoundBody))
  const status = error instanceof AppError ? mapError(error).http : (error as FastifyError).statusCode ?? 500
  if (status === 429) return reply.status(429).send(noticePage(locale, text.rateLimited, text.rateLimited))
  if (status >= 500) request.log.error({ err: error }, 'survey page failed')
  return reply.status(status).send(noticePage(locale, text.notFoundTitle, text.notFoundBody))
}

/**
 * Survey pages may be framed by any site (the widget); everything else keeps
 * frame-ancestors 'none'. A survey form holds nothing worth clickjacking.
 */
const EMBEDDABLE = {
  frameguard: false,
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ['*'],
    },
  },
} as const

export function surveyPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = { max: deps.config.publicRateLimit, timeWindow: '1 minute' }

  app.get('/s/assets/survey.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(await surveyPageScript('page')),
  )
  // Loaded by customers' sites: any origin may fetch it.
  app.get('/widget.js', { schema: { hide: true }, helmet: { crossOriginResourcePolicy: { policy: 'cross-origin' } } }, async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(await surveyPageScript('widget')),
  )

  app.get<PageRequest>('/s/:slug', { errorHandler: renderPageError, schema: { hide: true }, config: { rateLimit }, helmet: EMBEDDABLE }, async (request, reply) => {
    const { survey } = await findOpenSurveyBySlug(deps.store.db, request.params.slug)
    assertAcceptingAnswers(survey, deps.clock(), survey.settings.responseQuota === undefined ? 0 : await answersSoFar(deps.store.db, survey.id, deps.clock()))
    const locale = localeOf(request, survey.defaultLocale)
    // A fresh id per rendered form makes a double submit or a resend after "back" idempotent.
    const html = surveyFormPage(survey, locale, { values: {}, issues: [], clientResponseId: newSecret(16), startedAt: deps.clock(), ...linkContext(survey, request.query) })
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })

  app.post<PageRequest & { Body: Record<string, string | string[]> }>(
    '/s/:slug',
    { errorHandler: renderPageError, schema: { hide: true }, config: { rateLimit }, helmet: EMBEDDABLE },
    async (request, reply) => {
      const form = request.body ?? {}
      const { survey } = await findOpenSurveyBySlug(deps.store.db, request.params.slug)
      const locale = localeOf(request, survey.defaultLocale)
      const answers = Object.fromEntries(survey.questions.map((q) => [q.key, answerFromForm(q, form)]))
      const posted: Record<string, unknown> = { channel: form.channel }
      for (const [key, value] of Object.entries(form)) if (key.startsWith('h_')) posted[key.slice(2)] = value
      const context = linkContext(survey, posted)
      const body = { answers, clientResponseId: form.clientResponseId, locale, channel: context.channel, segments: context.hidden, startedAt: form.startedAt || undefined }
      reply.type('text/html; charset=utf-8')
      try {
        await submitResponse(deps.store, request.params.slug, body, undefined, deps.clock())
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const values = form
        const clientResponseId = typeof form.clientResponseId === 'string' && form.clientResponseId ? form.clientResponseId : newSecret(16)
        const startedAt = Number(form.startedAt) || deps.clock()
        return reply.status(400).send(surveyFormPage(survey, locale, { values, issues: error.details, clientResponseId, startedAt, ...context }))
      }
      const text = PAGE_TEXT[locale]
      return reply.status(200).send(noticePage(locale, text.thanksTitle, text.thanksBody))
    },
  )
}
