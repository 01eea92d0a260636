import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { advanceAnswer, showAnswerForm, type AnswerStep } from '../../responses/answer-flow.js'
import { DRAFT_LIFETIME_MS } from '../../responses/response-draft.service.js'
import { findOpenSurveyCached } from '../../surveys/open-survey-cache.js'
import { AppError, GoneError, NotFoundError } from '../../shared/errors.js'
import { mapError } from '../../shared/error-map.js'
import { negotiateLocale, type Locale } from '../../shared/locale.js'
import { jobsOf, type AppDeps } from '../deps.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { noticePage, surveyFormPage } from '../pages/survey-page.js'
import { surveyPageScript } from '../pages/survey-script.js'

type PageRequest = {
  Params: { slug: string }
  Querystring: Record<string, string | undefined> & { lang?: string }
}

function localeOf(request: FastifyRequest<PageRequest>, fallback?: Locale): Locale {
  return negotiateLocale(request.query.lang, request.headers['accept-language'], fallback)
}

/** Errors on respondent pages are pages in the respondent's language, not JSON. */
function renderPageError(
  error: FastifyError | AppError,
  request: FastifyRequest<PageRequest>,
  reply: FastifyReply,
) {
  const locale = localeOf(request)
  const text = PAGE_TEXT[locale]
  reply.type('text/html; charset=utf-8')
  if (error instanceof AppError && error.code === 'TEXT_INVALID_CHARACTER')
    return reply.status(400).send(noticePage(locale, text.invalidTextTitle, text.invalidTextBody))
  if (error instanceof GoneError && error.code === 'SURVEY_QUOTA_REACHED')
    return reply.status(410).send(noticePage(locale, text.quotaTitle, text.quotaBody))
  if (error instanceof GoneError)
    return reply.status(410).send(noticePage(locale, text.closedTitle, text.closedBody))
  if (error instanceof NotFoundError && error.code === 'SURVEY_NOT_OPEN_YET') {
    const time = new Date(String(error.extra.opensAt)).toLocaleString(locale, {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'long',
      timeStyle: 'short',
    })
    return reply
      .status(404)
      .send(noticePage(locale, text.notOpenTitle, text.notOpenBody.replace('{time}', time)))
  }
  if (
    error instanceof AppError &&
    (error.code === 'INVITATION_NOT_FOUND' || error.code === 'LINK_TOKEN_INVALID')
  )
    return reply
      .status(error.code === 'LINK_TOKEN_INVALID' ? 400 : 404)
      .send(noticePage(locale, text.invitationNotFoundTitle, text.invitationNotFoundBody))
  if (error instanceof NotFoundError && error.code === 'INVITATION_NOT_FOUND')
    return reply
      .status(404)
      .send(noticePage(locale, text.invitationNotFoundTitle, text.invitationNotFoundBody))
  if (error instanceof NotFoundError)
    return reply.status(404).send(noticePage(locale, text.notFoundTitle, text.notFoundBody))
  const status =
    error instanceof AppError ? mapError(error).http : ((error as FastifyError).statusCode ?? 500)
  if (status === 429)
    return reply.status(429).send(noticePage(locale, text.rateLimited, text.rateLimited))
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
    reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(await surveyPageScript('page')),
  )
  app.get('/s/assets/frame.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(await surveyPageScript('frame')),
  )
  // Loaded by customers' sites: any origin may fetch it.
  app.get(
    '/widget.js',
    { schema: { hide: true }, helmet: { crossOriginResourcePolicy: { policy: 'cross-origin' } } },
    async (_request, reply) =>
      reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(await surveyPageScript('widget')),
  )

  app.get<PageRequest>(
    '/s/:slug',
    {
      errorHandler: renderPageError,
      schema: { hide: true },
      config: { rateLimit },
      helmet: EMBEDDABLE,
    },
    async (request, reply) => {
      const probe = await findOpenSurveyCached(deps.store.db, request.params.slug, deps.clock())
      const locale = localeOf(request, probe.survey.defaultLocale)
      const step = await showAnswerForm(deps.store, {
        slug: request.params.slug,
        query: request.query,
        cookieToken: request.cookies[resumeCookie(probe.survey.id)],
        locale,
        now: deps.clock(),
      })
      return sendStep(reply, step, locale)
    },
  )

  app.post<PageRequest & { Body: Record<string, string | string[]> }>(
    '/s/:slug',
    {
      errorHandler: renderPageError,
      schema: { hide: true },
      config: { rateLimit },
      helmet: EMBEDDABLE,
    },
    async (request, reply) => {
      const probe = await findOpenSurveyCached(deps.store.db, request.params.slug, deps.clock())
      const locale = localeOf(request, probe.survey.defaultLocale)
      const cookieName = resumeCookie(probe.survey.id)
      const step = await advanceAnswer(deps.store, {
        slug: request.params.slug,
        form: request.body ?? {},
        cookieToken: request.cookies[cookieName],
        locale,
        now: deps.clock(),
      })
      // The resume cookie lets a respondent come back to a half-answered survey in the same browser.
      if (step.kind === 'page' && step.resumeToken) {
        reply.setCookie(cookieName, step.resumeToken, {
          path: `/s/${request.params.slug}`,
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.cookieSecure,
          maxAge: DRAFT_LIFETIME_MS / 1000,
        })
      } else if (step.kind === 'done' && request.cookies[cookieName]) {
        reply.clearCookie(cookieName, { path: `/s/${request.params.slug}` })
      }
      if (step.kind === 'done') jobsOf(deps).kick()
      return sendStep(reply, step, locale)
    },
  )
}

function resumeCookie(surveyId: string): string {
  return `mny_resume_${surveyId}`
}

function sendStep(reply: FastifyReply, step: AnswerStep, locale: Locale) {
  const text = PAGE_TEXT[locale]
  reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
  if (step.kind === 'done')
    return reply.status(200).send(noticePage(locale, text.thanksTitle, text.thanksBody))
  if (step.kind === 'already-answered')
    return reply.status(200).send(noticePage(locale, text.answeredTitle, text.answeredBody))
  const html = surveyFormPage(step.survey, locale, {
    values: step.values,
    issues: step.issues,
    clientResponseId: step.clientResponseId,
    startedAt: step.context.formShownAt,
    hidden: step.context.hidden,
    channel: step.context.channel,
    page: step.page,
    pageCount: step.pageCount,
    earlier: step.earlier,
    ...(step.resumeToken ? { resumeToken: step.resumeToken } : {}),
    ...(step.invitationToken ? { invitationToken: step.invitationToken } : {}),
    ...(step.context.linkToken ? { linkToken: step.context.linkToken } : {}),
  })
  return reply.status(step.issues.length > 0 ? 400 : 200).send(html)
}
