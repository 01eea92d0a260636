import type { FastifyInstance } from 'fastify'
import { findComplaintForm, signShownAt, submitComplaint } from '../../feedback/public-complaint.js'
import { ValidationError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'
import {
  complaintFormPage,
  complaintIssuesText,
  complaintReceivedPage,
} from '../pages/complaint-form.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'

type FormRequest = {
  Params: { key: string }
  Querystring: { lang?: string }
  Body: Record<string, string>
}

/**
 * The public complaint form at /complain/<key>: no login, rate-limited, spam-resistant, plain
 * HTML (registered by the pages plugin, which answers an unknown key and other errors).
 */
export function complaintPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = {
    max: Math.max(5, Math.floor(deps.config.publicRateLimit / 30)),
    timeWindow: '1 minute',
  }

  app.get<FormRequest>(
    '/complain/:key',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const { key } = request.params
      const form = await findComplaintForm(deps.store, key)
      const html = complaintFormPage(pageLocale(request), {
        key,
        orgName: form.orgName,
        shownAt: signShownAt(form.secret, key, deps.clock()),
        values: {},
        error: null,
      })
      return sendPage(reply.header('cache-control', 'no-store'), 200, html)
    },
  )

  app.post<FormRequest>(
    '/complain/:key',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const { key } = request.params
      const locale = pageLocale(request)
      try {
        const receipt = await submitComplaint(deps.store, key, request.body ?? {}, deps.clock())
        // The deadline was set on the organisation's business calendar: shown in its time zone.
        return sendPage(reply, 200, complaintReceivedPage(locale, receipt, receipt.timezone))
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const form = await findComplaintForm(deps.store, key)
        const html = complaintFormPage(locale, {
          key,
          orgName: form.orgName,
          shownAt: signShownAt(form.secret, key, deps.clock() - 60_000),
          values: request.body ?? {},
          error: complaintIssuesText(error.code, error.details, PAGE_TEXT[locale]),
        })
        return sendPage(reply, 400, html)
      }
    },
  )
}
