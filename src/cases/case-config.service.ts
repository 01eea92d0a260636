import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError, type FieldIssue } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import {
  CaseConfigSchema,
  currentPublicFormKey,
  forgetCaseConfig,
  loadCaseConfig,
  newPublicFormKey,
  storedCaseConfig,
  type CaseConfig,
} from './case-config.js'

export async function getCaseConfig(scope: Scope): Promise<CaseConfig> {
  requirePermission(scope.actor, 'cases:read')
  const config = await loadCaseConfig(scope.db, scope.orgId, scope.now)
  // The key uncached: after a rotation on another instance the settings page must not show the dead link.
  return { ...config, publicFormKey: await currentPublicFormKey(scope.db, scope.orgId, scope.now) }
}

/** Replace the configuration; users and the follow-up survey it names must be this organisation's. */
export async function updateCaseConfig(scope: Scope, input: unknown): Promise<CaseConfig> {
  requirePermission(scope.actor, 'cases:configure')
  const key = await currentPublicFormKey(scope.db, scope.orgId, scope.now)
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
    const survey = await scope.db
      .selectFrom('surveys')
      .select('id')
      .where('org_id', '=', scope.orgId)
      .where('id', '=', config.followUp.surveyId)
      .executeTakeFirst()
    if (!survey)
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
    const found = new Set(
      (
        await scope.db
          .selectFrom('users')
          .select('id')
          .where('org_id', '=', scope.orgId)
          .where('id', 'in', owners)
          .execute()
      ).map((u) => u.id),
    )
    config.routing.forEach((r, i) => {
      if (r.owner && r.owner !== 'round_robin' && !found.has(r.owner))
        issues.push({ path: `routing.${i}.owner`, reason: 'no such user in this organisation' })
    })
  }
  if (issues.length > 0)
    throw new ValidationError('VALIDATION_FAILED', 'The case configuration is not valid.', issues)
  await scope.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('case_configs')
      .set({ config: storedCaseConfig(config), updated_at: scope.now })
      .where('org_id', '=', scope.orgId)
      .execute()
    await recordAudit(trx, scope, {
      action: 'case_config.update',
      entity: 'organisation',
      entityId: scope.orgId,
    })
  })
  forgetCaseConfig(scope.orgId)
  return { ...config, publicFormKey: key }
}

/**
 * A new complaint form address; the old one stops working at once (the form
 * is looked up by the key column, never through a cache). Audited without the key.
 */
export async function rotatePublicFormKey(scope: Scope): Promise<{ publicFormKey: string }> {
  requirePermission(scope.actor, 'cases:configure')
  // Makes the organisation's row (and a first key) if it has none yet.
  await currentPublicFormKey(scope.db, scope.orgId, scope.now)
  const publicFormKey = newPublicFormKey()
  await scope.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('case_configs')
      .set({ public_form_key: publicFormKey, updated_at: scope.now })
      .where('org_id', '=', scope.orgId)
      .execute()
    await recordAudit(trx, scope, {
      action: 'case_config.public_form_key.rotate',
      entity: 'organisation',
      entityId: scope.orgId,
    })
  })
  forgetCaseConfig(scope.orgId)
  return { publicFormKey }
}
