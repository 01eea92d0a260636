import { can, requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { feedbackById } from '../feedback/feedback.service.js'
import { answerById } from '../responses/response-lookup.service.js'
import { isCustomerSurvey } from '../responses/summary.service.js'
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
  const shown = await answers(scope, feedback.responseId, c.followUpResponseId)
  return {
    timeZone,
    timeZoneLabel: {
      'zh-CN': timeZoneLabel(timeZone, 'zh-CN', scope.now),
      'en-US': timeZoneLabel(timeZone, 'en-US', scope.now),
    },
    store: c.store ?? feedback.store,
    // The reference came with the answer (a link's account field): withheld with it.
    customerRef: shown.answerWithheld ? null : (c.customerRef ?? feedback.customer.ref),
    ...shown,
  }
}

/**
 * The answer the case came from and the follow-up answer, unless their survey is anonymous now.
 * The customer reference the case took from that answer is withheld with it (getCaseContext).
 * A survey made anonymous after a case was opened from one of its answers (issue 19): the case
 * and its work stay, but the answer — ratings, comment and the link's hidden fields such as the
 * employee or account, which could name who answered — is withheld (answerWithheld), as every
 * other read outside the internal-satisfaction report refuses it (responses/survey-pool.ts).
 */
async function answers(
  scope: Scope,
  responseId: string | null,
  followUpResponseId: string | null,
): Promise<Pick<CaseContext, 'answer' | 'followUpAnswer' | 'answerWithheld'>> {
  const [answer, followUp] = await Promise.all([
    responseId ? surveyAnswer(scope, responseId) : null,
    followUpResponseId ? surveyAnswer(scope, followUpResponseId) : null,
  ])
  const shown = (a: CaseAnswer | 'withheld' | null) => (a === 'withheld' ? null : a)
  return {
    answer: shown(answer),
    followUpAnswer: shown(followUp),
    answerWithheld: answer === 'withheld' || followUp === 'withheld',
  }
}

async function surveyAnswer(
  scope: Scope,
  responseId: string,
): Promise<CaseAnswer | 'withheld' | null> {
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
  if (!isCustomerSurvey(survey)) return 'withheld'
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
