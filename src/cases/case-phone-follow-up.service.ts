import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { addCaseEvent } from './case-events.js'
import { loadCase } from './case-query.service.js'
import { findCase, updateCase } from './case.repository.js'

/**
 * A follow-up (回访) answered on the telephone (issue 20): the agent's call stored the customer's
 * answer through the responses domain on the channel `phone`, with the case's id as its `case_id`
 * segment; the case moves from resolved to followed-up with that answer and whether the customer
 * is satisfied, in one transaction with its timeline line. A case no longer resolved (reopened,
 * followed up meanwhile) is left as it is: false.
 */
export async function recordPhoneFollowUp(
  scope: Scope,
  caseId: string,
  answer: { responseId: string; satisfied: boolean | null; note?: string | undefined },
): Promise<boolean> {
  requirePermission(scope.actor, 'cases:work')
  const c = await loadCase(scope, caseId)
  if (c.status !== 'resolved') return false
  return scope.db.transaction().execute(async (trx) => {
    const moved = await updateCase(
      trx,
      c.id,
      {
        status: 'followed_up',
        followedUpAt: scope.now,
        followUpResponseId: answer.responseId,
        followUpSatisfied: answer.satisfied === null ? null : answer.satisfied ? 1 : 0,
        updatedAt: scope.now,
      },
      { status: 'resolved' },
    )
    if (!moved) return false
    await addCaseEvent(trx, {
      orgId: scope.orgId,
      caseId: c.id,
      type: 'follow_up_answered',
      actor: scope.actor,
      now: scope.now,
      ...(answer.note ? { body: answer.note } : {}),
      detail: { responseId: answer.responseId, channel: 'phone', satisfied: answer.satisfied },
    })
    await recordAudit(trx, scope, {
      action: 'case.transition',
      entity: 'case',
      entityId: c.id,
      detail: { from: 'resolved', to: 'followed_up', channel: 'phone' },
    })
    return true
  })
}

/**
 * Whether a stored answer is a telephone follow-up of one of its organisation's cases: such an
 * answer belongs to that case (recordPhoneFollowUp moves it) and, like a follow-up on a personal
 * link, never becomes feedback or opens another case (feedback/survey-intake.ts).
 */
export async function isPhoneFollowUpAnswer(
  db: Db,
  answer: { orgId: string; channel: string; segments: Record<string, string> },
): Promise<boolean> {
  const caseId = answer.segments.case_id
  if (answer.channel !== 'phone' || !caseId) return false
  return (await findCase(db, answer.orgId, caseId)) !== undefined
}
