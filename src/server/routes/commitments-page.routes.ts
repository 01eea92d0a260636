import type { FastifyInstance } from 'fastify'
import { publicCommitments } from '../../commitments/commitment.service.js'
import { currentWaits } from '../../commitments/queue.service.js'
import { publicWaitPromises } from '../../commitments/wait-promise.service.js'
import { pageBranding } from '../../organisations/organisation-profile.service.js'
import type { AppDeps } from '../deps.js'
import { commitmentsPage } from '../pages/commitments-page.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'
import { waitPage } from '../pages/wait-page.js'

type PageRequest = { Params: { orgId: string }; Querystring: { lang?: string } }

/**
 * The public commitments page at /commitments/<organisation id>, and the current wait of each hall
 * at /wait/<organisation id>: no login, rate-limited like the
 * other public pages, plain HTML (the pages plugin answers an unknown organisation).
 */
export function commitmentPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<PageRequest>(
    '/commitments/:orgId',
    {
      schema: { hide: true },
      config: { rateLimit: { max: deps.config.publicRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const scope = { db: deps.store.db, orgId: request.params.orgId }
      const data = await publicCommitments(scope, deps.clock())
      request.pageTimeZone = data.organisation.timezone
      const waits = await publicWaitPromises(scope, data.from, data.to)
      const markup = commitmentsPage(pageLocale(request), data, await pageBranding(scope), waits)
      return sendPage(reply.header('cache-control', 'public, max-age=300'), 200, markup)
    },
  )

  app.get<PageRequest>(
    '/wait/:orgId',
    {
      schema: { hide: true },
      config: { rateLimit: { max: deps.config.publicRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const scope = { db: deps.store.db, orgId: request.params.orgId }
      const data = await currentWaits(scope, deps.clock())
      request.pageTimeZone = data.organisation.timezone
      const markup = waitPage(pageLocale(request), data, await pageBranding(scope))
      return sendPage(reply.header('cache-control', 'public, max-age=30'), 200, markup)
    },
  )
}
