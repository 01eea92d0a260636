import type { Db } from '../db/database.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { GoneError, NotFoundError } from '../shared/errors.js'
import { findSurveyRowBySlug, surveyRowToSurvey } from './survey.repository.js'
import type { Survey } from './survey.schema.js'

/** The survey as respondents reach it: through its public link, while it takes answers. */

export interface PublicSurvey {
  survey: Survey
  orgId: string
  /** The organisation's time zone, which decides the local day an answer counts for. */
  timezone: string
}

/** The survey behind a public link: drafts are unknown (404), closed ones gone (410). */
export async function findOpenSurveyBySlug(db: Db, slug: string): Promise<PublicSurvey> {
  const row = await findSurveyRowBySlug(db, slug)
  if (!row || row.status === 'draft') {
    throw new NotFoundError('SURVEY_NOT_FOUND', `No open survey at ${slug}.`, [
      { path: 'slug', reason: 'unknown survey' },
    ])
  }
  if (row.status === 'closed')
    throw new GoneError('SURVEY_CLOSED', 'This survey is closed and no longer takes answers.')
  // Read on a cache miss only (open-survey-cache.ts), so the second query costs little.
  const organisation = await findOrganisation({ db, orgId: row.org_id })
  return {
    survey: surveyRowToSurvey(row),
    orgId: row.org_id,
    timezone: organisation?.timezone ?? DEFAULT_TIMEZONE,
  }
}

/**
 * Whether an open survey takes answers now: not before opensAt, not after
 * closesAt, not beyond its quota. `answersSoFar` is needed only with a quota.
 */
export function assertAcceptingAnswers(survey: Survey, now: number, answersSoFar: number): void {
  const { opensAt, closesAt, responseQuota } = survey.settings
  if (opensAt && now < Date.parse(opensAt)) {
    throw new NotFoundError('SURVEY_NOT_OPEN_YET', `This survey opens at ${opensAt}.`, [], {
      opensAt,
    })
  }
  if (closesAt && now >= Date.parse(closesAt))
    throw new GoneError('SURVEY_CLOSED', 'This survey is closed and no longer takes answers.', [], {
      closedAt: closesAt,
    })
  if (responseQuota !== undefined && answersSoFar >= responseQuota) {
    throw new GoneError(
      'SURVEY_QUOTA_REACHED',
      `This survey has received the ${responseQuota} answers it needed.`,
      [],
      { responseQuota },
    )
  }
}
