import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, NotFoundError, type FieldIssue } from '../../shared/errors.js'
import { mapError } from '../../shared/error-map.js'
import { negotiateLocale } from '../../shared/locale.js'
import { PAGE_TEXT, type PageText } from './page-text.js'
import { noticePage } from './survey-page.js'

/**
 * Route error handler for respondent pages other than the survey form
 * (complaint form, unsubscribe): whatever goes wrong — a rate limit, text no
 * store can keep, an unknown link, a failure — the visitor gets a page in their
 * language, never the API's JSON with its code and English reasons.
 */
export function renderRespondentPageError(
  error: FastifyError | AppError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const query = request.query as { lang?: string } | undefined
  const locale = negotiateLocale(query?.lang, request.headers['accept-language'])
  const text = PAGE_TEXT[locale]
  const status =
    error instanceof AppError ? mapError(error).http : ((error as FastifyError).statusCode ?? 500)
  reply.type('text/html; charset=utf-8')
  if (error instanceof AppError && error.code === 'TEXT_INVALID_CHARACTER')
    return reply.status(400).send(noticePage(locale, text.invalidTextTitle, text.invalidTextBody))
  if (status === 429)
    return reply.status(429).send(noticePage(locale, text.rateLimited, text.rateLimited))
  if (error instanceof NotFoundError || status === 404)
    return reply.status(404).send(noticePage(locale, text.notFoundTitle, text.notFoundBody))
  if (status >= 500) request.log.error({ err: error }, 'respondent page failed')
  return reply
    .status(status >= 400 ? status : 500)
    .send(noticePage(locale, text.pageErrorTitle, text.pageErrorBody))
}

/** What is wrong with the complaint form, in the complainant's language (the issues' reasons are English, for the API). */
export function complaintIssuesText(
  code: string,
  details: readonly FieldIssue[],
  text: PageText,
): string {
  if (code === 'COMPLAINT_REJECTED') return text.complaintRejected
  const lines = details.map((issue) => {
    switch (issue.path.split('.').pop()) {
      case 'text':
        return text.complaintTextNeeded
      case 'phone':
      case 'email':
        return text.invalidContact
      case 'consent':
        return text.complaintConsentNeeded
      default:
        return text.complaintCheck
    }
  })
  return [...new Set(lines.length > 0 ? lines : [text.complaintCheck])].join(' ')
}
