import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { knownUserIds } from '../auth/user-directory.service.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError, ValidationError, type FieldIssue } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import {
  CaseConfigSchema,
  currentPublicFormKey,
  inOrganisationZone,
  loadCaseConfig,
  newPublicFormKey,
  type CaseConfig,
  type CaseConfigCache,
} from './case-config.js'
import { saveCaseConfig, setPublicFormKey } from './case-config.repository.js'

/** Whether the organisation has this survey (any status). */
async function surveyExists(scope: Scope, surveyId: string): Promise<boolean> {
  try {
    await getSurvey(scope, surveyId)
    return true
  } catch (error) {
    if (error instanceof NotFoundError) return false
    throw error
  }
}

export async function getCaseConfig(scope: Scope, cache?: CaseConfigCache): Promise<CaseConfig> {
  requirePermission(scope.actor, 'cases:read')
  const config = await loadCaseConfig(scope, cache)
  // The key uncached: after a rotation on another instance the settings page must not show the dead link.
  return { ...config, publicFormKey: await currentPublicFormKey(scope) }
}

/**
 * Replace the configuration; users and the follow-up survey it names must be this organisation's.
 * `cache` (the app's) forgets the old one at once.
 */
export async function updateCaseConfig(
  scope: Scope,
  input: unknown,
  cache?: CaseConfigCache,
): Promise<CaseConfig> {
  requirePermission(scope.actor, 'cases:configure')
  const key = await currentPublicFormKey(scope)
  const config = parseInput(CaseConfigSchema, input, 'case configuration')
  // The key is the server's to make: one chosen by a client could be another organisation's form.
  if (config.publicFormKey !== undefined && config.publicFormKey !== key) {
    throw new ValidationError(
      'PUBLIC_FORM_KEY_READ_ONLY',
      'The complaint form key is made by the server; rotate it to get a new one.',
      [
        {
          path: 'publicFormKey',
          reason: 'cannot be set; leave it out or send the current key',
          allowed: 'POST /api/v1/case-config/public-form-key/rotate',
        },
      ],
    )
  }
  const issues: FieldIssue[] = []
  if (config.followUp.surveyId) {
    if (!(await surveyExists(scope, config.followUp.surveyId)))
      issues.push({ path: 'followUp.surveyId', reason: 'no such survey in this organisation' })
  }
  if (config.followUp.channel === 'webhook' && !config.followUp.webhook)
    issues.push({
      path: 'followUp.webhook',
      reason: 'a webhook follow-up needs webhook.url and webhook.secret',
    })
  const owners = config.routing
    .map((r) => r.owner)
    .filter((o): o is string => o !== undefined && o !== 'round_robin')
  if (owners.length > 0) {
    const found = await knownUserIds(scope, owners)
    config.routing.forEach((r, i) => {
      if (r.owner && r.owner !== 'round_robin' && !found.has(r.owner))
        issues.push({ path: `routing.${i}.owner`, reason: 'no such user in this organisation' })
    })
  }
  if (issues.length > 0)
    throw new ValidationError('VALIDATION_FAILED', 'The case configuration is not valid.', issues)
  await scope.db.transaction().execute(async (trx) => {
    await saveCaseConfig(trx, scope.orgId, config, scope.now)
    await recordAudit(trx, scope, {
      action: 'case_config.update',
      entity: 'organisation',
      entityId: scope.orgId,
    })
  })
  cache?.delete(scope.orgId)
  return inOrganisationZone(scope, { ...config, publicFormKey: key })
}

/**
 * A new complaint form address; the old one stops working at once (the form
 * is looked up by the key column, never through a cache). Audited without the key.
 */
export async function rotatePublicFormKey(
  scope: Scope,
  cache?: CaseConfigCache,
): Promise<{ publicFormKey: string }> {
  requirePermission(scope.actor, 'cases:configure')
  // Makes the organisation's row (and a first key) if it has none yet.
  await currentPublicFormKey(scope)
  const publicFormKey = newPublicFormKey()
  await scope.db.transaction().execute(async (trx) => {
    await setPublicFormKey(trx, scope.orgId, publicFormKey, scope.now)
    await recordAudit(trx, scope, {
      action: 'case_config.public_form_key.rotate',
      entity: 'organisation',
      entityId: scope.orgId,
    })
  })
  cache?.delete(scope.orgId)
  return { publicFormKey }
}
