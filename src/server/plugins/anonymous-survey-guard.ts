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
 * ANONYMOUS_SURVEY (403) for it, as does any read naming it by `?surveyId=` and the workbench's
 * survey source. Installed once before the routes, after the permission check.
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

/**
 * The surveys a request names for reading answers: the survey of the routes above, the
 * `surveyId` of any read (league tables, unit roll-ups, customers, text insights …) and the
 * workbench's survey source. Sending invitations or editing the survey names it too, but reads
 * no answers, so those are left alone.
 */
function surveysNamed(request: FastifyRequest): string[] {
  const route = request.routeOptions.url ?? ''
  if (!route.startsWith('/api/v1/') || route === '/api/v1/internal-satisfaction') return []
  const named: string[] = []
  const { id } = (request.params ?? {}) as { id?: unknown }
  if (ANONYMOUS_SURVEY_BLOCKED_ROUTES.has(route) && typeof id === 'string') named.push(id)
  const { surveyId } = (request.query ?? {}) as { surveyId?: unknown }
  if (request.method === 'GET' && typeof surveyId === 'string') named.push(surveyId)
  const body = request.body as { survey?: { id?: unknown } } | null | undefined
  if (route.startsWith('/api/v1/analyses') && typeof body?.survey?.id === 'string')
    named.push(body.survey.id)
  return named
}

async function refuseAnonymousSurvey(deps: AppDeps, request: FastifyRequest): Promise<void> {
  if (!request.principal) return
  const named = surveysNamed(request)
  if (named.length === 0) return
  const scope = scopeOf(deps, request)
  for (const id of named) {
    try {
      const survey = await getSurvey(scope, id)
      if (survey.settings.anonymity) throw anonymousSurvey()
    } catch (error) {
      // The route answers its own SURVEY_NOT_FOUND.
      if (error instanceof NotFoundError) continue
      throw error
    }
  }
}

function anonymousSurvey(): ForbiddenError {
  return new ForbiddenError(
    'ANONYMOUS_SURVEY',
    'This survey is anonymous: read it through the internal satisfaction report (GET /api/v1/internal-satisfaction).',
  )
}

export function installAnonymousSurveyGuard(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('preHandler', (request) => refuseAnonymousSurvey(deps, request))
}
