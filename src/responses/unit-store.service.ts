import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { listSurveys } from '../surveys/survey.service.js'
import { itemScoresOf } from './item-scores.js'
import { respondentWeight, storedSegments } from './respondent-weight.js'
import { parseStoredAnswers } from './response.repository.js'
import { requireOrganisationWide } from '../units/unit.service.js'
import { unitIdsByCode } from './unit-attribution.js'
import { attributeStoreAnswers, storeValuesWithoutUnit } from './unit-store.repository.js'

/**
 * The `store` hidden field against the unit tree: answers stored before their unit existed (or
 * with a store value that is no unit's code) have no unit. The report lists the values that
 * still match no unit code, with how many answers carry each; matching gives the answers whose
 * value is now a unit's code that unit (and adds them to its roll-up).
 */
export interface UnmatchedStoreValue {
  value: string
  answers: number
  firstAt: string
  lastAt: string
}

/** Store values of answers without a unit that match no unit code, most answers first. */
export async function unmatchedStoreValues(scope: Scope): Promise<UnmatchedStoreValue[]> {
  requirePermission(scope.actor, 'responses:read')
  // Answers without a unit are outside every unit: a reader limited to units sees none of them.
  if (scope.units !== undefined) return []
  const [values, codes] = await Promise.all([
    storeValuesWithoutUnit(scope.db, scope.features, scope.orgId),
    unitIdsByCode(scope),
  ])
  return values
    .filter((v) => !codes.has(v.value.trim()))
    .map((v) => ({
      value: v.value,
      answers: v.answers,
      firstAt: new Date(v.firstAt).toISOString(),
      lastAt: new Date(v.lastAt).toISOString(),
    }))
}

/**
 * Gives every answer without a unit whose store value is a unit's code that unit (the organisation's
 * answers from before its units existed). Returns how many answers per code were attributed.
 */
export async function matchStoreValuesToUnits(
  scope: Scope,
): Promise<{ attributed: number; byCode: Array<{ code: string; answers: number }> }> {
  requirePermission(scope.actor, 'units:write')
  // Answers without a unit are outside every unit a limited member has.
  requireOrganisationWide(scope, 'Matching store values to units')
  const [values, codes] = await Promise.all([
    storeValuesWithoutUnit(scope.db, scope.features, scope.orgId),
    unitIdsByCode(scope),
  ])
  // The CSM and SERVQUAL scores of each answer, from its survey's questions, and on a weighted
  // survey its weight, for the roll-ups.
  const surveys = new Map((await listSurveys(scope)).map((s) => [s.id, s]))
  const rollupExtras = (surveyId: string, answers: string, segments: string) => {
    const survey = surveys.get(surveyId)
    if (!survey) return {}
    const stored = parseStoredAnswers(answers)
    const weight = respondentWeight(survey.settings.weightField, storedSegments(segments), stored)
    return {
      item_scores: itemScoresOf(survey.questions, stored),
      ...(weight !== undefined && { weight }),
    }
  }
  const byCode: Array<{ code: string; answers: number }> = []
  for (const { value } of values) {
    const unitId = codes.get(value.trim())
    if (!unitId) continue
    const answers = await attributeStoreAnswers(
      scope.db,
      scope.features,
      scope.orgId,
      value,
      unitId,
      rollupExtras,
    )
    if (answers > 0) byCode.push({ code: value.trim(), answers })
  }
  return { attributed: byCode.reduce((n, c) => n + c.answers, 0), byCode }
}
