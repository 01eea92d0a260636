import type { FastifyReply, FastifyRequest } from 'fastify'
import { DEFAULT_TIMEZONE } from '../../organisations/organisation.service.js'
import { AppError } from '../../shared/errors.js'
import type { Locale } from '../../shared/locale.js'
import { errorResponse } from '../error-handler.js'
import { formatPageTime, noticePage } from './layout.js'
import { PAGE_TEXT, type PageText } from './page-text.js'
import { pageLocale, sendPage } from './page-reply.js'

export interface Notice {
  title: string
  body: string
}

/**
 * What the visitor reads when a page request fails: by the error's code where a
 * page has something specific to say, otherwise by its HTTP status.
 */
export function errorNotice(
  error: unknown,
  status: number,
  text: PageText,
  showTime: (at: string) => string,
): Notice {
  switch (error instanceof AppError ? error.code : undefined) {
    case 'TEXT_INVALID_CHARACTER':
      return { title: text.invalidTextTitle, body: text.invalidTextBody }
    case 'SURVEY_QUOTA_REACHED':
      return { title: text.quotaTitle, body: text.quotaBody }
    case 'SURVEY_NOT_OPEN_YET': {
      const opensAt = String((error as AppError).extra.opensAt)
      return {
        title: text.notOpenTitle,
        body: text.notOpenBody.replace('{time}', showTime(opensAt)),
      }
    }
    case 'INVITATION_NOT_FOUND':
    case 'LINK_TOKEN_INVALID':
      return { title: text.invitationNotFoundTitle, body: text.invitationNotFoundBody }
  }
  if (status === 410) return { title: text.closedTitle, body: text.closedBody }
  if (status === 429) return { title: text.rateLimited, body: text.rateLimited }
  if (status === 404) return { title: text.notFoundTitle, body: text.notFoundBody }
  return { title: text.pageErrorTitle, body: text.pageErrorBody }
}

/**
 * The error handler of every server-rendered page: whatever goes wrong — an unknown or
 * closed survey, a rate limit, text no store can keep, an unknown link, a failure — the
 * visitor gets a notice page in their language, with the status the API would answer
 * (mapError, through errorResponse), never the API's JSON with its code and English reasons.
 */
export function renderPageError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status } = errorResponse(error, request)
  if (status >= 500) request.log.error({ err: error }, 'page failed')
  const locale: Locale = pageLocale(request)
  const timeZone = request.pageTimeZone ?? DEFAULT_TIMEZONE
  const notice = errorNotice(error, status, PAGE_TEXT[locale], (at) =>
    formatPageTime(at, locale, timeZone),
  )
  return sendPage(reply, status, noticePage(locale, notice.title, notice.body))
}
