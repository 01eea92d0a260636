import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import { findCallSettingsRow, saveCallSettingsRow } from './follow-up-call.repository.js'
import {
  type FollowUpCallSettings,
  FollowUpCallSettingsInputSchema,
} from './follow-up-call.schema.js'

/** Until an organisation says otherwise: try again after 4 hours, give up after 3 unanswered calls. */
export const DEFAULT_CALL_SETTINGS: FollowUpCallSettings = {
  surveyId: null,
  retryAfterHours: 4,
  maxAttempts: 3,
}

export async function loadCallSettings(
  scope: Pick<Scope, 'db' | 'orgId'>,
): Promise<FollowUpCallSettings> {
  const row = await findCallSettingsRow(scope.db, scope.orgId)
  if (!row) return DEFAULT_CALL_SETTINGS
  return {
    surveyId: row.survey_id,
    retryAfterHours: Number(row.retry_after_hours),
    maxAttempts: Number(row.max_attempts),
  }
}

export async function getCallSettings(scope: Scope): Promise<FollowUpCallSettings> {
  requirePermission(scope.actor, 'cases:read')
  return loadCallSettings(scope)
}

/** The survey must be the organisation's and published: agents' answers are stored through it. */
export async function saveCallSettings(
  scope: Scope,
  input: unknown,
): Promise<FollowUpCallSettings> {
  requirePermission(scope.actor, 'cases:configure')
  const parsed = parseInput(FollowUpCallSettingsInputSchema, input, 'settings')
  if (parsed.surveyId !== null) {
    const survey = await getSurvey(scope, parsed.surveyId)
    if (survey.status !== 'published')
      throw new ValidationError('VALIDATION_FAILED', 'The phone survey must be published.', [
        { path: 'surveyId', reason: 'the survey is not published' },
      ])
  }
  await saveCallSettingsRow(scope.db, {
    org_id: scope.orgId,
    survey_id: parsed.surveyId,
    retry_after_hours: parsed.retryAfterHours,
    max_attempts: parsed.maxAttempts,
    updated_at: scope.now,
  })
  return loadCallSettings(scope)
}
