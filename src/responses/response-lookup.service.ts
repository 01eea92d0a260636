import { requirePermission } from '../auth/permission.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { type AnswerRecord, findAnswerRecord } from './response-lookup.repository.js'

export type { AnswerRecord }

/**
 * One answer of the scope's organisation, whole (every question and hidden field), for those
 * who may read answers: a case opened from a survey shows what the customer answered.
 */
export async function answerById(scope: Scope, id: string): Promise<AnswerRecord | undefined> {
  requirePermission(scope.actor, 'responses:read')
  // An answer outside the reader's units is not found.
  return findAnswerRecord(scope.db, scope.orgId, id, recordsWithinUnits(scope))
}
