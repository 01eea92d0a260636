import { type RawBuilder, sql } from 'kysely'
import { ForbiddenError } from '../shared/errors.js'
import type { SurveySettings } from '../surveys/survey.schema.js'

/**
 * The one gate between anonymous (internal) surveys and the customer views (issue 19). An
 * anonymous survey's answers (settings.anonymity, e.g. the employee-satisfaction template) are
 * read only through the internal-satisfaction report, whose small-group suppression decides what
 * may be shown (employees/internal-satisfaction.service.ts, through survey-answer-rows). Every
 * other read of answers goes through an AnswerPool:
 * - pooled over surveys (the overview, league tables and unit roll-ups without a survey, reports,
 *   employee scorecards, the feedback intake that feeds text insights and opens cases): the
 *   anonymous surveys' answers are left out in the query itself;
 * - of one survey (its dashboard, analysis, roll-up): an anonymous survey is refused with
 *   ANONYMOUS_SURVEY (403), whichever domain or route asks.
 * The repositories' queries take an AnswerPool, which only answerPool (answer-pool.ts) makes, so a
 * new pooled read cannot forget the rule: it does not compile without it. This file imports no
 * service, so the repositories may use it.
 */
declare const madeByAnswerPool: unique symbol

export interface AnswerPool {
  /** One survey's answers, or (undefined) every survey's but the excluded. */
  readonly surveyId: string | undefined
  /** The anonymous surveys a pooled read leaves out (empty when one survey is read). */
  readonly excluded: readonly string[]
  readonly [madeByAnswerPool]: true
}

export function anonymousSurvey(surveyId: string): ForbiddenError {
  return new ForbiddenError(
    'ANONYMOUS_SURVEY',
    `Survey ${surveyId} is anonymous: read it through the internal satisfaction report (GET /api/v1/internal-satisfaction).`,
    [{ path: 'surveyId', reason: 'anonymous survey' }],
  )
}

/** Whether a survey's answers may be read outside the internal-satisfaction report. */
export function isCustomerSurvey(survey: { settings: Pick<SurveySettings, 'anonymity'> }): boolean {
  return survey.settings.anonymity === undefined
}

/** Throws ANONYMOUS_SURVEY for an anonymous survey (the readers of one survey call it first). */
export function requireCustomerSurvey(survey: {
  id: string
  settings: Pick<SurveySettings, 'anonymity'>
}): void {
  if (!isCustomerSurvey(survey)) throw anonymousSurvey(survey.id)
}

/**
 * The pool as a raw SQL condition on `column` (a survey id column), starting with " and ": the
 * survey read, or none of the excluded (nothing at all when there are none, so the covering
 * indexes the league tables read stay the plan).
 */
export function poolCondition(pool: AnswerPool, column = 'survey_id'): RawBuilder<unknown> {
  const ref = sql.ref(column)
  if (pool.surveyId !== undefined) return sql` and ${ref} = ${pool.surveyId}`
  if (pool.excluded.length === 0) return sql``
  return sql` and ${ref} not in (${sql.join(pool.excluded)})`
}

/** The pool as one boolean expression, for Kysely's `.where(…)` (always true for an empty pool). */
export function poolWhere(pool: AnswerPool, column = 'survey_id'): RawBuilder<boolean> {
  const ref = sql.ref(column)
  if (pool.surveyId !== undefined) return sql<boolean>`${ref} = ${pool.surveyId}`
  if (pool.excluded.length === 0) return sql<boolean>`1 = 1`
  return sql<boolean>`${ref} not in (${sql.join(pool.excluded)})`
}
