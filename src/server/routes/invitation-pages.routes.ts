import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isInvitationToken, markInvitationOpened } from '../../distribution/invitation-tracking.js'
import {
  maskAddress,
  unsubscribeByToken,
  unsubscribeTarget,
} from '../../distribution/unsubscribe.service.js'
import { AppError } from '../../shared/errors.js'
import { escapeHtml } from '../../shared/html.js'
import { negotiateLocale, type Locale } from '../../shared/locale.js'
import type { AppDeps } from '../deps.js'
import { renderRespondentPageError } from '../pages/page-error.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { noticePage, plainPage } from '../pages/survey-page.js'

type TokenRequest = { Params: { token: string }; Querystring: { lang?: string } }

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

function localeOf(request: FastifyRequest<TokenRequest>): Locale {
  return negotiateLocale(request.query.lang, request.headers['accept-language'])
}

function notFound(request: FastifyRequest<TokenRequest>, reply: FastifyReply) {
  const locale = localeOf(request)
  const text = PAGE_TEXT[locale]
  return reply
    .status(404)
    .type('text/html; charset=utf-8')
    .send(noticePage(locale, text.invitationNotFoundTitle, text.invitationNotFoundBody))
}

/** Pages behind the links in invitation e-mails: the open pixel and unsubscribing. */
export function invitationPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = { max: deps.config.publicRateLimit, timeWindow: '1 minute' }

  app.get<TokenRequest>(
    '/i/:token/open.gif',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      // Opening counts once; an unknown token still gets the pixel, revealing nothing.
      const row = isInvitationToken(request.params.token)
        ? await deps.store.db
            .selectFrom('invitations')
            .select('id')
            .where('token', '=', request.params.token)
            .executeTakeFirst()
        : undefined
      if (row) await markInvitationOpened(deps.store.db, row.id, deps.clock())
      return reply.type('image/gif').header('cache-control', 'no-store').send(PIXEL)
    },
  )

  app.get<TokenRequest>(
    '/u/:token',
    { errorHandler: renderRespondentPageError, schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const locale = localeOf(request)
      const text = PAGE_TEXT[locale]
      try {
        const target = await unsubscribeTarget(deps.store.db, request.params.token)
        const body = `<div class="notice"><h1>${escapeHtml(text.unsubscribeTitle)}</h1><p>${escapeHtml(text.unsubscribeBody.replace('{address}', maskAddress(target.address)))}</p>
<form method="post" action="/u/${escapeHtml(request.params.token)}?lang=${locale}"><button type="submit">${escapeHtml(text.unsubscribeButton)}</button></form></div>`
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(plainPage(locale, text.unsubscribeTitle, body))
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVITATION_NOT_FOUND')
          return notFound(request, reply)
        throw error
      }
    },
  )

  // Also the RFC 8058 one-click target: mail clients POST "List-Unsubscribe=One-Click" here.
  app.post<TokenRequest>(
    '/u/:token',
    { errorHandler: renderRespondentPageError, schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const locale = localeOf(request)
      const text = PAGE_TEXT[locale]
      try {
        const { address } = await unsubscribeByToken(
          deps.store.db,
          request.params.token,
          deps.clock(),
        )
        return reply
          .type('text/html; charset=utf-8')
          .send(
            noticePage(
              locale,
              text.unsubscribedTitle,
              text.unsubscribedBody.replace('{address}', maskAddress(address)),
            ),
          )
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVITATION_NOT_FOUND')
          return notFound(request, reply)
        throw error
      }
    },
  )
}
