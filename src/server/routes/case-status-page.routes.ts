import type { FastifyInstance } from 'fastify'
import { caseStatusOrganisation, lookUpCaseStatus } from '../../cases/case-status.service.js'
import { pageBranding } from '../../organisations/organisation-profile.service.js'
import { NotFoundError, ValidationError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'
import { type CaseStatusProblem, caseStatusPage } from '../pages/case-status-page.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'

type LookupRequest = {
  Params: { orgId: string }
  Querystring: { lang?: string; case?: string }
  Body: Record<string, string>
}

/**
 * The public case status lookup at /case-status/<organisation id>: no login; the number and key
 * travel in a POSTed form, never in an address (which logs and referrers keep); each client may
 * try a few times a minute, like the complaint form. The pages plugin answers an unknown
 * organisation and the rate limit.
 */
export function caseStatusPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = {
    max: Math.max(5, Math.floor(deps.config.publicRateLimit / 30)),
    timeWindow: '1 minute',
  }

  app.get<LookupRequest>(
    '/case-status/:orgId',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const { orgId } = request.params
      const organisation = await caseStatusOrganisation(deps.store.db, orgId)
      request.pageTimeZone = organisation.timezone
      const number = typeof request.query.case === 'string' ? request.query.case.slice(0, 20) : ''
      const markup = caseStatusPage(pageLocale(request), {
        orgId,
        organisation,
        values: { number },
        now: deps.clock(),
        brand: await pageBranding({ db: deps.store.db, orgId }),
      })
      return sendPage(reply.header('cache-control', 'no-store'), 200, markup)
    },
  )

  app.post<LookupRequest>(
    '/case-status/:orgId',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const { orgId } = request.params
      const organisation = await caseStatusOrganisation(deps.store.db, orgId)
      request.pageTimeZone = organisation.timezone
      const body = request.body ?? {}
      const values = {
        number: String(body.number ?? '').slice(0, 20),
        key: String(body.key ?? '').slice(0, 40),
      }
      const state = {
        orgId,
        organisation,
        now: deps.clock(),
        brand: await pageBranding({ db: deps.store.db, orgId }),
      }
      const locale = pageLocale(request)
      reply.header('cache-control', 'no-store')
      try {
        const found = await lookUpCaseStatus(deps.store.db, orgId, body, deps.caches.linkSecrets)
        return sendPage(reply, 200, caseStatusPage(locale, { ...state, values, found }))
      } catch (error) {
        const problem = problemOf(error, values)
        if (!problem) throw error
        // After a miss the key is not shown back: the page may be left open on a shared screen.
        const shown = problem === 'noMatch' ? { number: values.number } : values
        return sendPage(
          reply,
          problem === 'noMatch' ? 404 : 400,
          caseStatusPage(locale, { ...state, values: shown, problem }),
        )
      }
    },
  )
}

/** What the visitor is told about a refused lookup; undefined: not the lookup's own refusal. */
function problemOf(
  error: unknown,
  values: { number: string; key: string },
): CaseStatusProblem | undefined {
  if (error instanceof NotFoundError && error.code === 'CASE_NOT_FOUND') return 'noMatch'
  if (!(error instanceof ValidationError)) return undefined
  if (!values.number.trim() || !values.key.trim()) return 'missing'
  const fields = error.details.map((d) => d.path)
  return fields.includes('number') ? 'badNumber' : 'noMatch'
}
