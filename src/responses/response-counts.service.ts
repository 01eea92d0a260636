import type { Db } from '../db/database.js'
import type { OrgScope } from '../db/scope.js'
import { countAnswersBySurvey, countSurveyAnswers } from './response.repository.js'

/**
 * How many answers surveys have, from the daily counts (pilot answers not
 * counted, as on the dashboard): for the survey list and response quotas.
 */

/** Answers per survey of an organisation (surveys without answers are absent). */
export function answerCountsBySurvey(scope: OrgScope): Promise<Map<string, number>> {
  return countAnswersBySurvey(scope.db, scope.orgId)
}

/** Answers one survey has. */
export function surveyAnswerCount(db: Db, surveyId: string): Promise<number> {
  return countSurveyAnswers(db, surveyId)
}
