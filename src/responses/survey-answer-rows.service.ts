import type { OrgScope } from '../db/scope.js'
import { type SurveyAnswerRow, surveyAnswerRows } from './survey-answer-rows.repository.js'

export type { SurveyAnswerRow }

/**
 * A survey's answers with their units, for reports that must see every answer before deciding
 * what they may show (the internal-satisfaction report's small-group suppression, issue 19). No
 * check of the caller: the calling domain checks its own permission and units.
 */
export function answerRowsOfSurvey(scope: OrgScope, surveyId: string): Promise<SurveyAnswerRow[]> {
  return surveyAnswerRows(scope.db, scope.orgId, surveyId)
}
