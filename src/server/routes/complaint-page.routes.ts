import type { FastifyInstance } from 'fastify'
import {
  findComplaintForm,
  findComplaintFormUnit,
  signShownAt,
  submitComplaint,
} from '../../feedback/feedback-intake.service.js'
import { pageBranding } from '../../organisations/organisation-profile.service.js'
import { ValidationError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'
import { publicBase } from '../public-url.js'
import {
  complaintFormPage,
  complaintIssues,
  complaintReceivedPage,
} from '../pages/complaint-form.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'

type FormRequest = {
  Params: { key: string }
  Querystring: { lang?: string; unit?: string }
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
      const form = await findComplaintForm(deps.store, key, deps.caches.linkSecrets)
      // A per-unit link (/complain/<key>?unit=CODE, printed per service hall) files under that unit.
      const unitCode = typeof request.query.unit === 'string' ? request.query.unit.trim() : ''
      const unit = unitCode
        ? await findComplaintFormUnit(deps.store, form.orgId, unitCode)
        : undefined
      const html = complaintFormPage(pageLocale(request), {
        key,
        orgName: form.orgName,
        shownAt: signShownAt(form.secret, key, deps.clock()),
        values: {},
        issues: [],
        brand: await pageBranding({ db: deps.store.db, orgId: form.orgId }),
        ...(unit ? { unit } : {}),
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
      const body = request.body ?? {}
      try {
        const receipt = await submitComplaint(deps.store, key, body, deps.clock(), deps.caches)
        const form = await findComplaintForm(deps.store, key, deps.caches.linkSecrets)
        // The deadline was set on the organisation's business calendar: shown in its time zone.
        return sendPage(
          reply,
          200,
          complaintReceivedPage(locale, receipt, receipt.timezone, {
            anonymous: !body.phone?.trim() && !body.email?.trim(),
            brand: await pageBranding({ db: deps.store.db, orgId: form.orgId }),
            lookupUrl: `${publicBase(deps, request)}/case-status/${form.orgId}`,
          }),
        )
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        const form = await findComplaintForm(deps.store, key, deps.caches.linkSecrets)
        const unit = body.unit?.trim()
          ? await findComplaintFormUnit(deps.store, form.orgId, body.unit)
          : undefined
        const html = complaintFormPage(locale, {
          key,
          orgName: form.orgName,
          shownAt: signShownAt(form.secret, key, deps.clock() - 60_000),
          values: body,
          issues: complaintIssues(error.code, error.details, PAGE_TEXT[locale]),
          brand: await pageBranding({ db: deps.store.db, orgId: form.orgId }),
          ...(unit ? { unit } : {}),
        })
        return sendPage(reply, 400, html)
      }
    },
  )
}
