import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { ForbiddenError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { loadCase } from './case-query.service.js'
import { RevealInputSchema, type RevealedValue } from './case.schema.js'
import { isOpenStatus } from './case-workflow.js'

/**
 * One personal field of a case's customer, unmasked, for the agent working the case: only its
 * owner, only while it is open (new, acknowledged, investigating), with a reason. Each reveal is on record with the
 * case id, the field and the reason, never the value (docs/personal-data.md).
 */
export async function revealCaseCustomer(
  scope: Scope,
  caseId: string,
  input: unknown,
): Promise<RevealedValue> {
  requirePermission(scope.actor, 'personal-data:reveal')
  const { field, reason } = parseInput(RevealInputSchema, input, 'reveal')
  const c = await loadCase(scope, caseId)
  if (scope.actor.type !== 'user' || c.ownerId !== scope.actor.id || !isOpenStatus(c.status)) {
    throw new ForbiddenError(
      'CASE_REVEAL_NOT_ALLOWED',
      'Only the agent a case is assigned to may reveal its customer’s details, while it is open.',
      [],
      { caseId: c.id },
    )
  }
  const feedback = (await feedbackForCases(scope.db, [c.feedbackId])).get(c.feedbackId)
  const value =
    field === 'name'
      ? (feedback?.customerName ?? null)
      : field === 'email'
        ? (feedback?.customerEmail ?? null)
        : (feedback?.customerPhone ?? null)
  await recordAudit(scope.db, scope, {
    action: 'personal-data.reveal',
    entity: 'case',
    entityId: c.id,
    detail: { field, reason, feedbackId: c.feedbackId },
  })
  return { field, value }
}
