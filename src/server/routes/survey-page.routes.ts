import type { FastifyInstance, FastifyReply } from 'fastify'
import {
  advanceAnswer,
  showAnswerForm,
  type AnswerStep,
} from '../../responses/answer-flow.service.js'
import type { AnswerPath } from '../../responses/answer-path.js'
import { DRAFT_LIFETIME_MS } from '../../responses/response-draft.service.js'
import type { Locale } from '../../shared/locale.js'
import type { AppDeps } from '../deps.js'
import { pageBranding } from '../../organisations/organisation-profile.service.js'
import { noticePage, thanksPage } from '../pages/layout.js'
import type { PageBrand } from '../pages/page-brand.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'
import { surveyFormPage } from '../pages/survey-page.js'
import { localized } from '../pages/survey-questions.js'
import { surveyPageScript } from '../pages/survey-script.js'
import { formFilesOf, installMultipartForms } from '../pages/multipart-form.js'
import { takeFormUploads } from '../../responses/response-upload.service.js'
import { UPLOAD_MAX_MB } from '../../surveys/survey.schema.js'

/** The text of a form post, as the app's body limit takes it (BODY_LIMIT in app.ts). */
const FORM_FIELD_BYTES = 64 * 1024

type PageRequest = {
  Params: { slug: string }
  Querystring: Record<string, string | undefined> & { lang?: string }
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

/** The respondent survey page at /s/<slug> and the scripts of respondent pages (registered by the pages plugin). */
export function surveyPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  // The answer path's dependencies, from the composition root; a stored answer wakes the intake itself.
  const answers: AnswerPath = {
    store: deps.store,
    openSurveys: deps.caches.openSurveys,
    linkSecrets: deps.caches.linkSecrets,
    unitCodes: deps.caches.unitCodes,
    writer: deps.responseWriter,
    wakeJobs: deps.wakeJobs,
  }
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
      schema: { hide: true },
      config: { rateLimit },
      helmet: EMBEDDABLE,
    },
    async (request, reply) => {
      const probe = await deps.caches.openSurveys.find(request.params.slug)
      request.pageTimeZone = probe.timezone
      const locale = pageLocale(request, probe.survey.defaultLocale)
      const step = await showAnswerForm(answers, {
        slug: request.params.slug,
        query: request.query,
        cookieToken: request.cookies[resumeCookie(probe.survey.id)],
        locale,
        now: deps.clock(),
      })
      return sendStep(
        reply,
        step,
        locale,
        await pageBranding({ db: deps.store.db, orgId: probe.orgId }),
      )
    },
  )

  // A page with a file question posts multipart: the largest file a question may allow, plus the form.
  installMultipartForms(app, {
    maxBytes: UPLOAD_MAX_MB * 1024 * 1024 + FORM_FIELD_BYTES,
    maxFieldBytes: FORM_FIELD_BYTES,
  })
  app.post<PageRequest & { Body: Record<string, string | string[]> }>(
    '/s/:slug',
    {
      schema: { hide: true },
      config: { rateLimit },
      helmet: EMBEDDABLE,
    },
    async (request, reply) => {
      const probe = await deps.caches.openSurveys.find(request.params.slug)
      request.pageTimeZone = probe.timezone
      const locale = pageLocale(request, probe.survey.defaultLocale)
      const cookieName = resumeCookie(probe.survey.id)
      const uploads = await takeFormUploads(
        answers,
        request.params.slug,
        request.body ?? {},
        formFilesOf(request),
        deps.clock(),
      )
      const step = await advanceAnswer(answers, {
        slug: request.params.slug,
        form: uploads.form,
        uploadIssues: uploads.issues,
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
      return sendStep(
        reply,
        step,
        locale,
        await pageBranding({ db: deps.store.db, orgId: probe.orgId }),
      )
    },
  )
}

function resumeCookie(surveyId: string): string {
  return `mny_resume_${surveyId}`
}

function sendStep(reply: FastifyReply, step: AnswerStep, locale: Locale, brand: PageBrand) {
  const text = PAGE_TEXT[locale]
  reply.header('cache-control', 'no-store')
  if (step.kind === 'done')
    return sendPage(
      reply,
      200,
      thanksPage(locale, text, localized(step.survey.title, locale), brand),
    )
  if (step.kind === 'already-answered')
    return sendPage(reply, 200, noticePage(locale, text.answeredTitle, text.answeredBody, brand))
  const html = surveyFormPage(
    step.survey,
    locale,
    {
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
    },
    brand,
  )
  return sendPage(reply, step.issues.length > 0 ? 400 : 200, html)
}
