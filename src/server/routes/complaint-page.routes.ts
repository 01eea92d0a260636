import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { findComplaintForm, signShownAt, submitComplaint } from '../../feedback/public-complaint.js'
import { AppError, ValidationError } from '../../shared/errors.js'
import { escapeHtml } from '../../shared/html.js'
import { negotiateLocale, type Locale } from '../../shared/locale.js'
import type { AppDeps } from '../deps.js'
import { complaintIssuesText, renderRespondentPageError } from '../pages/page-error.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { noticePage, plainPage } from '../pages/survey-page.js'

type FormRequest = {
  Params: { key: string }
  Querystring: { lang?: string }
  Body: Record<string, string>
}

function localeOf(request: FastifyRequest<FormRequest>): Locale {
  return negotiateLocale(request.query.lang, request.headers['accept-language'])
}

function complaintForm(
  locale: Locale,
  key: string,
  orgName: string,
  shownAt: string,
  values: Record<string, string>,
  error: string | null,
): string {
  const t = PAGE_TEXT[locale]
  const field = (name: string, label: string, type = 'text') =>
    `<label class="contact">${escapeHtml(label)}<input type="${type}" name="${name}" value="${escapeHtml(values[name] ?? '')}"></label>`
  const body = `<header><h1>${escapeHtml(t.complaintTitle)} · ${escapeHtml(orgName)}</h1></header>
${error ? `<div class="summary" role="alert">${escapeHtml(error)}</div>` : ''}
<form method="post" action="/complain/${escapeHtml(key)}?lang=${locale}" novalidate>
<fieldset><legend>${escapeHtml(t.complaintIntro)}</legend>
<label class="contact" for="text">${escapeHtml(t.complaintText)}</label><textarea id="text" name="text" maxlength="5000" required>${escapeHtml(values.text ?? '')}</textarea>
${field('name', t.contactName)}${field('phone', t.contactPhone, 'tel')}${field('email', t.contactEmail, 'email')}${field('store', t.complaintStore)}
<label class="choice"><input type="checkbox" name="consent" value="true"${values.consent ? ' checked' : ''}> ${escapeHtml(t.complaintConsent)}</label>
<div style="position:absolute;left:-10000px" aria-hidden="true"><label>Website<input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
<input type="hidden" name="shownAt" value="${escapeHtml(shownAt)}">
</fieldset><button type="submit">${escapeHtml(t.submit)}</button></form>`
  return plainPage(locale, t.complaintTitle, body)
}

function notFoundPage(request: FastifyRequest<FormRequest>, reply: FastifyReply) {
  const locale = localeOf(request)
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(noticePage(locale, PAGE_TEXT[locale].notFoundTitle, PAGE_TEXT[locale].notFoundBody))
}

/** The public complaint form at /complain/<key>: no login, rate-limited, spam-resistant, plain HTML. */
export function complaintPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = {
    max: Math.max(5, Math.floor(deps.config.publicRateLimit / 30)),
    timeWindow: '1 minute',
  }

  app.get<FormRequest>(
    '/complain/:key',
    { errorHandler: renderRespondentPageError, schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      try {
        const form = await findComplaintForm(deps.store, request.params.key)
        const html = complaintForm(
          localeOf(request),
          request.params.key,
          form.orgName,
          signShownAt(form.secret, request.params.key, deps.clock()),
          {},
          null,
        )
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
      } catch (error) {
        if (error instanceof AppError && error.code === 'FORM_NOT_FOUND')
          return notFoundPage(request, reply)
        throw error
      }
    },
  )

  app.post<FormRequest>(
    '/complain/:key',
    { errorHandler: renderRespondentPageError, schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const locale = localeOf(request)
      const t = PAGE_TEXT[locale]
      reply.type('text/html; charset=utf-8')
      try {
        const result = await submitComplaint(
          deps.store,
          request.params.key,
          request.body ?? {},
          deps.clock(),
        )
        if (!result.caseNumber)
          return reply.send(noticePage(locale, t.complaintReceivedTitle, t.complaintReceivedPlain))
        const time = new Date(result.firstResponseDue!).toLocaleString(locale, {
          timeZone: result.timezone,
          dateStyle: 'long',
          timeStyle: 'short',
        })
        return reply.send(
          noticePage(
            locale,
            t.complaintReceivedTitle,
            t.complaintReceivedBody.replace('{number}', result.caseNumber).replace('{time}', time),
          ),
        )
      } catch (error) {
        if (error instanceof AppError && error.code === 'FORM_NOT_FOUND')
          return notFoundPage(request, reply)
        if (!(error instanceof ValidationError)) throw error
        const form = await findComplaintForm(deps.store, request.params.key)
        const message = complaintIssuesText(error.code, error.details, t)
        const values = request.body ?? {}
        return reply
          .status(400)
          .send(
            complaintForm(
              locale,
              request.params.key,
              form.orgName,
              signShownAt(form.secret, request.params.key, deps.clock() - 60_000),
              values,
              message,
            ),
          )
      }
    },
  )
}
