import type { Scope } from '../db/scope.js'
import { getSurvey } from '../surveys/survey.service.js'
import { hiddenFieldAnswerRows } from './hidden-field-answers.repository.js'
import { requireCustomerSurvey } from './survey-pool.js'

export { isCustomerSurvey } from './survey-pool.js'

/** An answer's hidden field and its answer to one question, for a link to another domain's record. */
export interface HiddenFieldAnswer {
  unitId: string | null
  submittedAt: number
  /** The hidden field's value as the link carried it; null when the answer has none. */
  field: string | null
  /** The answer to the question as stored (a number, an option key, …); undefined when not answered. */
  answer: unknown
}

/**
 * One customer survey's answers submitted in [from, to) within the units (null: any), each with
 * one hidden field (e.g. the hall's `ticket`) and its answer to one question — for the queue's
 * perceived-against-actual waits (issue 20), which links an answer to the visit it rates. No
 * check of the caller's permission: the calling domain checks its own and passes the units the
 * caller may see. An anonymous survey is refused (ANONYMOUS_SURVEY), as for every one-survey read.
 */
export async function answersWithHiddenField(
  scope: Scope,
  surveyId: string,
  q: {
    field: string
    questionKey: string
    from: number
    to: number
    unitIds: readonly string[] | null
  },
): Promise<HiddenFieldAnswer[]> {
  requireCustomerSurvey(await getSurvey(scope, surveyId))
  const rows = await hiddenFieldAnswerRows(scope.db, scope.orgId, surveyId, q)
  return rows.map((r) => {
    const segments = parseObject(r.segments)
    const value = segments[q.field]
    return {
      unitId: r.unitId,
      submittedAt: r.submittedAt,
      field: typeof value === 'string' && value !== '' ? value : null,
      answer: parseObject(r.answers)[q.questionKey],
    }
  })
}

function parseObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}
