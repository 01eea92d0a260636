import type { FastifyReply, FastifyRequest } from 'fastify'
import { negotiateLocale, type Locale } from '../../shared/locale.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Pages only (decorated by the pages plugin): the organisation's time zone, set by a
     * page's route as soon as it knows whose page it is, so that times on the page and on
     * its error notice ("opens at …") are the organisation's local time.
     */
    pageTimeZone: string | null
  }
}

/** The visitor's language: ?lang=, then Accept-Language, then the page's own default. */
export function pageLocale(request: FastifyRequest, fallback?: Locale): Locale {
  const query = request.query as { lang?: string } | undefined
  return negotiateLocale(query?.lang, request.headers['accept-language'], fallback)
}

/** Send a rendered page. */
export function sendPage(reply: FastifyReply, status: number, markup: string) {
  return reply.status(status).type('text/html; charset=utf-8').send(markup)
}
