import { can, requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { feedbackById } from '../feedback/feedback.service.js'
import { answerById } from '../responses/response-lookup.service.js'
import { NotFoundError } from '../shared/errors.js'
import { timeZoneLabel } from '../shared/time-zone-label.js'
import { getSurvey } from '../surveys/survey.service.js'
import { answerLines } from './case-context-answers.js'
import type { CaseAnswer, CaseContext } from './case-context.schema.js'
import { loadCaseConfig } from './case-config.js'
import { loadCase } from './case-query.service.js'

/**
 * Around a case: the clock its deadlines are kept on (the business calendar's zone, which the
 * complaint receipt promised the customer), its store and customer reference, and the whole
 * survey answer it was opened from — the agent calls back knowing every answer, not just "NPS 3" —
 * and the customer's answer to the follow-up survey.
 */
export async function getCaseContext(scope: Scope, caseId: string): Promise<CaseContext> {
  requirePermission(scope.actor, 'cases:read')
  const c = await loadCase(scope, caseId)
  const [config, feedback] = await Promise.all([
    loadCaseConfig(scope),
    feedbackById(scope, c.feedbackId),
  ])
  const timeZone = config.calendar.timezone
  return {
    timeZone,
    timeZoneLabel: {
      'zh-CN': timeZoneLabel(timeZone, 'zh-CN', scope.now),
      'en-US': timeZoneLabel(timeZone, 'en-US', scope.now),
    },
    store: c.store ?? feedback.store,
    customerRef: c.customerRef ?? feedback.customer.ref,
    answer: feedback.responseId ? await surveyAnswer(scope, feedback.responseId) : null,
    followUpAnswer: c.followUpResponseId ? await surveyAnswer(scope, c.followUpResponseId) : null,
  }
}

async function surveyAnswer(scope: Scope, responseId: string): Promise<CaseAnswer | null> {
  // Every role that reads cases reads answers today; should that change, the case still opens.
  if (!can(scope.actor, 'responses:read') || !can(scope.actor, 'surveys:read')) return null
  const answer = await answerById(scope, responseId)
  if (!answer) return null
  let survey: Awaited<ReturnType<typeof getSurvey>>
  try {
    survey = await getSurvey(scope, answer.surveyId)
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
  return {
    responseId: answer.id,
    surveyId: survey.id,
    surveyTitle: survey.title,
    submittedAt: new Date(answer.submittedAt).toISOString(),
    channel: answer.channel,
    items: answerLines(survey.questions, answer.answers),
    hiddenFields: Object.entries(answer.segments)
      .filter(([, value]) => value !== '')
      .map(([field, value]) => ({ field, value })),
  }
}
