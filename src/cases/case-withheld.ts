import type { OrgScope } from '../db/scope.js'
import { feedbackForCases, feedbackIdsOfSurveys } from '../feedback/feedback-lookup.service.js'
import { anonymousSurveyIds } from '../surveys/survey.service.js'
import { type CaseRecord, caseIdsByFeedback } from './case.repository.js'

/**
 * Cases opened from an answer to a survey that is anonymous now (issue 19). The intake opens no
 * case from an anonymous survey (responses/survey-pool.ts), but a case opened before its survey was
 * made anonymous stays, with its work. What it took from the answer — its title (the first line
 * of the comment), the customer reference (an account hidden field), the feedback's words, scores
 * and contact, and the employee named by the link — could tell who answered, so every read of
 * cases withholds it: the list, the search (such a case is found by its number only), the case
 * page, its context (case-context.service.ts), the export, the complaint analysis's repeat
 * customers, the follow-up calls and the customer page (which leaves the case, the answer and its
 * feedback out). The case says so (answerWithheld).
 */
export interface WithheldCases {
  /** The organisation's anonymous surveys. */
  surveys: ReadonlySet<string>
  /** The organisation's feedback taken in from one of their answers. */
  feedbackIds: ReadonlySet<string>
  /** The organisation's cases opened from one of their answers. */
  caseIds: ReadonlySet<string>
}

const NONE: WithheldCases = { surveys: new Set(), feedbackIds: new Set(), caseIds: new Set() }

/** Ids per `in (…)`: well under either store's parameter limit. */
const IDS_PER_QUERY = 500

/** The organisation's anonymous surveys, for a read that checks its cases' feedback itself. */
export async function anonymousSurveysOf(scope: OrgScope): Promise<Pick<WithheldCases, 'surveys'>> {
  return { surveys: new Set(await anonymousSurveyIds(scope.db, scope.orgId)) }
}

export async function withheldCases(scope: OrgScope): Promise<WithheldCases> {
  const surveys = await anonymousSurveyIds(scope.db, scope.orgId)
  if (surveys.length === 0) return NONE
  const feedbackIds = await feedbackIdsOfSurveys(scope, surveys)
  const caseIds = new Set<string>()
  for (let i = 0; i < feedbackIds.length; i += IDS_PER_QUERY) {
    const found = await caseIdsByFeedback(scope.db, feedbackIds.slice(i, i + IDS_PER_QUERY))
    for (const id of found.values()) caseIds.add(id)
  }
  return { surveys: new Set(surveys), feedbackIds: new Set(feedbackIds), caseIds }
}

/** Whether the answer behind a case (its feedback's survey) is withheld. */
export function isWithheldAnswer(
  withheld: Pick<WithheldCases, 'surveys'>,
  feedback: { surveyId: string | null } | undefined,
): boolean {
  return feedback?.surveyId != null && withheld.surveys.has(feedback.surveyId)
}

/**
 * A case's title as notifications carry it (in the app, by e-mail, to the robots): none for a
 * case whose answer is withheld, whose title is the first line of that answer's comment. `scope.db`
 * is the caller's, a transaction's too.
 */
export async function titleToTell(
  scope: OrgScope,
  c: Pick<CaseRecord, 'title' | 'feedbackId'>,
): Promise<string> {
  const surveys = await anonymousSurveyIds(scope.db, scope.orgId)
  if (surveys.length === 0) return c.title
  const feedback = (await feedbackForCases(scope.db, [c.feedbackId])).get(c.feedbackId)
  return isWithheldAnswer({ surveys: new Set(surveys) }, feedback) ? '' : c.title
}
