import type { InternalSatisfaction } from '../../../../src/employees/internal-satisfaction.schema'
import { api } from '../../api/client'

/** The internal-satisfaction report (src/server/routes/internal-satisfaction.routes.ts). */

export type { InternalSatisfaction }
export type InternalGroup = InternalSatisfaction['groups'][number]

export function fetchInternalSatisfaction(surveyId: string, externalSurveyId?: string) {
  const query = new URLSearchParams({ surveyId })
  if (externalSurveyId) query.set('externalSurveyId', externalSurveyId)
  return api<InternalSatisfaction>('GET', `/internal-satisfaction?${query}`)
}
