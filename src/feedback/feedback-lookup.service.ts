import type { Db } from '../db/database.js'
import type { OrgScope } from '../db/scope.js'
import {
  type AnalysisColumns,
  clearFeedbackAnalysis,
  clearFeedbackAnalysisOf,
  type FeedbackForCase,
  feedbackAwaitingAnalysis,
  feedbackForCases as feedbackForCasesQuery,
  feedbackIdsByContact as feedbackIdsByContactQuery,
  feedbackIdsOfSurveys as feedbackIdsOfSurveysQuery,
  setFeedbackAnalysis,
} from './feedback.repository.js'

/**
 * What other domains read and set of feedback records, without touching the
 * feedback table: cases show their feedback's text and customer, the text
 * analysis (re)analyses records.
 */

export type { AnalysisColumns, FeedbackForCase }

/** The text and customer of feedback records, by id (cases, their export, analytics, replies). */
export function feedbackForCases(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, FeedbackForCase>> {
  return feedbackForCasesQuery(db, ids)
}

/** Ids of the organisation's feedback given with this phone number or e-mail address (case search). */
export function feedbackIdsByContact(scope: OrgScope, text: string): Promise<string[]> {
  return feedbackIdsByContactQuery(scope.db, scope.orgId, text)
}

/** Ids of the organisation's feedback that answers these surveys (cases withhold anonymous ones). */
export function feedbackIdsOfSurveys(
  scope: OrgScope,
  surveyIds: readonly string[],
): Promise<string[]> {
  return feedbackIdsOfSurveysQuery(scope.db, scope.orgId, surveyIds)
}

/** Records waiting for their text analysis, at most `limit`. */
export function feedbackToAnalyse(
  db: Db,
  limit: number,
): Promise<Array<{ id: string; orgId: string; text: string }>> {
  return feedbackAwaitingAnalysis(db, limit)
}

/** Sets a record's analysis, unless another instance did so meanwhile. */
export function saveFeedbackAnalysis(db: Db, id: string, columns: AnalysisColumns): Promise<void> {
  return setFeedbackAnalysis(db, id, columns)
}

/** These records are analysed again at the next analysis run (a correction was stored). */
export function markFeedbackForReanalysis(scope: OrgScope, ids: readonly string[]): Promise<void> {
  return clearFeedbackAnalysisOf(scope.db, scope.orgId, ids)
}

/** Every record of the organisation is analysed again (its taxonomy changed). */
export function reanalyseAllFeedback(scope: OrgScope): Promise<void> {
  return clearFeedbackAnalysis(scope.db, scope.orgId)
}
