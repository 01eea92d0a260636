import type { FastifyInstance } from 'fastify'
import { recordInvitationOpened } from '../../distribution/invitation-link.service.js'
import {
  maskAddress,
  unsubscribeByToken,
  unsubscribeTarget,
} from '../../distribution/unsubscribe.service.js'
import type { AppDeps } from '../deps.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'
import { unsubscribedPage, unsubscribePage } from '../pages/unsubscribe-page.js'

type TokenRequest = { Params: { token: string }; Querystring: { lang?: string } }

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

/**
 * Pages behind the links in invitation e-mails: the open pixel and unsubscribing (registered by
 * the pages plugin, which answers an unknown link and other errors).
 */
export function invitationPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = { max: deps.config.publicRateLimit, timeWindow: '1 minute' }

  app.get<TokenRequest>(
    '/i/:token/open.gif',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      // Opening counts once; an unknown token still gets the pixel, revealing nothing.
      await recordInvitationOpened(deps.store.db, request.params.token, deps.clock())
      return reply.type('image/gif').header('cache-control', 'no-store').send(PIXEL)
    },
  )

  app.get<TokenRequest>(
    '/u/:token',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const target = await unsubscribeTarget(deps.store.db, request.params.token)
      const html = unsubscribePage(
        pageLocale(request),
        request.params.token,
        maskAddress(target.address),
      )
      return sendPage(reply.header('cache-control', 'no-store'), 200, html)
    },
  )

  // Also the RFC 8058 one-click target: mail clients POST "List-Unsubscribe=One-Click" here.
  app.post<TokenRequest>(
    '/u/:token',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const { address } = await unsubscribeByToken(
        deps.store.db,
        request.params.token,
        deps.clock(),
      )
      return sendPage(reply, 200, unsubscribedPage(pageLocale(request), maskAddress(address)))
    },
  )
}
