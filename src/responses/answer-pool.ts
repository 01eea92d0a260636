import type { Db } from '../db/database.js'
import { anonymousSurveyIds } from '../surveys/survey.service.js'
import { type AnswerPool, anonymousSurvey } from './survey-pool.js'

// The one maker of AnswerPool (survey-pool.ts): it asks the surveys domain which surveys are
// anonymous, so it lives apart from the conditions the repositories import.

/**
 * The answers a read of the organisation may see: of `surveyId` (refused if it is anonymous), or
 * of all its surveys but the anonymous ones.
 */
export async function answerPool(
  db: Db,
  orgId: string,
  surveyId: string | undefined,
): Promise<AnswerPool> {
  const anonymous = await anonymousSurveyIds(db, orgId)
  if (surveyId !== undefined && anonymous.includes(surveyId)) throw anonymousSurvey(surveyId)
  return { surveyId, excluded: surveyId === undefined ? anonymous : [] } as unknown as AnswerPool
}

/** For the jobs that read the answers of every organisation (the feedback intake). */
export async function answerPoolOfAllOrganisations(db: Db): Promise<AnswerPool> {
  const excluded = await anonymousSurveyIds(db, undefined)
  return { surveyId: undefined, excluded } as unknown as AnswerPool
}
