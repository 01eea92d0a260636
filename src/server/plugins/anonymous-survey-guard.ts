import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ForbiddenError, NotFoundError } from '../../shared/errors.js'
import { getSurvey } from '../../surveys/survey.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from './auth.js'

/**
 * An anonymous survey's answers (settings.anonymity, e.g. the employee-satisfaction template)
 * are read only through the internal-satisfaction report, whose small-group suppression is the
 * one gate (employees/internal-satisfaction.service.ts). The survey's generic readers — the
 * dashboard and its PDF, question analysis, segments and their comparison, units, the answer
 * export and uploaded files — would show breakdowns and comments of any size, so they answer
 * ANONYMOUS_SURVEY (403) for it. Installed once before the routes, after the permission check.
 */
export const ANONYMOUS_SURVEY_BLOCKED_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/surveys/:id/summary',
  '/api/v1/surveys/:id/summary/pdf',
  '/api/v1/surveys/:id/analysis',
  '/api/v1/surveys/:id/segments',
  '/api/v1/surveys/:id/segment-comparison',
  '/api/v1/surveys/:id/units',
  '/api/v1/surveys/:id/responses/export',
  '/api/v1/surveys/:id/files',
])

async function refuseAnonymousSurvey(deps: AppDeps, request: FastifyRequest): Promise<void> {
  if (!ANONYMOUS_SURVEY_BLOCKED_ROUTES.has(request.routeOptions.url ?? '')) return
  if (!request.principal) return
  const { id } = request.params as { id?: string }
  if (!id) return
  try {
    const survey = await getSurvey(scopeOf(deps, request), id)
    if (!survey.settings.anonymity) return
  } catch (error) {
    // The route answers its own SURVEY_NOT_FOUND.
    if (error instanceof NotFoundError) return
    throw error
  }
  throw new ForbiddenError(
    'ANONYMOUS_SURVEY',
    'This survey is anonymous: read it through the internal satisfaction report (GET /api/v1/internal-satisfaction).',
  )
}

export function installAnonymousSurveyGuard(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('preHandler', (request) => refuseAnonymousSurvey(deps, request))
}
