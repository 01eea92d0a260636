// What the text analytics (src/text) read of feedback: counts by analysis, the latest texts,
// and the comments behind a chart. The queries are feedback-insights.repository.ts's.
//
// Feedback taken in from a survey's answers before the survey was made anonymous (issue 19) is
// left out of every one of them: an anonymous survey's comments are shown only by the
// internal-satisfaction report, which suppresses small groups (responses/survey-pool.ts).
import type { Db } from '../db/database.js'
import { anonymousSurveyIds } from '../surveys/survey.service.js'
import {
  type AnalysedFeedback,
  type AnalysisCountRow,
  type FeedbackFilter,
  feedbackAnalysisCounts as countsQuery,
  latestFeedbackTexts as latestQuery,
  listAnalysedFeedback as listQuery,
} from './feedback-insights.repository.js'

export type { AnalysedFeedback, AnalysisCountRow, FeedbackFilter }

export async function feedbackAnalysisCounts(
  db: Db,
  orgId: string,
  from: number,
  to: number,
  filter: FeedbackFilter,
  splitAt = to,
): Promise<AnalysisCountRow[]> {
  const excludedSurveys = await anonymousSurveyIds(db, orgId)
  return countsQuery(db, orgId, from, to, { ...filter, excludedSurveys }, splitAt)
}

export async function latestFeedbackTexts(
  db: Db,
  orgId: string,
  from: number,
  to: number,
  filter: FeedbackFilter,
  limit: number,
): Promise<Array<{ text: string; topics: string | null }>> {
  const excludedSurveys = await anonymousSurveyIds(db, orgId)
  return latestQuery(db, orgId, from, to, { ...filter, excludedSurveys }, limit)
}

export async function listAnalysedFeedback(
  db: Db,
  orgId: string,
  where: Parameters<typeof listQuery>[2],
  limit: number,
): Promise<AnalysedFeedback[]> {
  const excludedSurveys = await anonymousSurveyIds(db, orgId)
  return listQuery(db, orgId, { ...where, excludedSurveys }, limit)
}
