import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { parseInput } from '../shared/validation.js'
import { type Survey, SurveyInputSchema } from './survey.schema.js'

/**
 * An unsaved draft as the respondent page would show it (the survey editor's live preview):
 * checked as a save would check it (VALIDATION_FAILED with the same paths), stored nowhere.
 */
export function previewDraftSurvey(scope: Scope, input: unknown): Survey {
  requirePermission(scope.actor, 'surveys:write')
  const draft = parseInput(SurveyInputSchema, input, 'survey')
  const now = new Date(scope.now).toISOString()
  return {
    id: 'preview',
    slug: 'preview',
    status: 'draft',
    version: 0,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    closedAt: null,
    ...draft,
  }
}
