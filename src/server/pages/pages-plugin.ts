import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../deps.js'
import { brandPageRoutes } from '../routes/brand-page.routes.js'
import { caseStatusPageRoutes } from '../routes/case-status-page.routes.js'
import { appointmentPageRoutes } from '../routes/appointment-page.routes.js'
import { commitmentPageRoutes } from '../routes/commitments-page.routes.js'
import { complaintPageRoutes } from '../routes/complaint-page.routes.js'
import { invitationPageRoutes } from '../routes/invitation-pages.routes.js'
import { surveyPageRoutes } from '../routes/survey-page.routes.js'
import { renderPageError } from './page-error.js'

/**
 * Every server-rendered page — the respondent survey page, the complaint form, the
 * invitation links (open pixel, unsubscribe), the organisation's logo and the notices they show — lives in this one
 * encapsulated context: one error handler (renderPageError: status through mapError, a
 * notice in the visitor's language) for all of them, templates built with the escaping
 * `html` tag (src/shared/html.ts), times in the organisation's zone (request.pageTimeZone).
 * Register it inside the site context (helmet, cookies, form bodies).
 */
export function pagesPlugin(deps: AppDeps) {
  return async function pages(app: FastifyInstance): Promise<void> {
    app.decorateRequest('pageTimeZone', null)
    app.setErrorHandler(renderPageError)
    surveyPageRoutes(app, deps)
    complaintPageRoutes(app, deps)
    invitationPageRoutes(app, deps)
    brandPageRoutes(app, deps)
    commitmentPageRoutes(app, deps)
    caseStatusPageRoutes(app, deps)
    appointmentPageRoutes(app, deps)
  }
}
