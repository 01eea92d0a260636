import type { Db } from '../db/database.js'
import type { OrgScope } from '../db/scope.js'
import { orgIdByPublicFormKey as orgIdByFormKey } from './case-config.repository.js'
import { caseIdsByFeedback as caseIdsByFeedbackIds, findCase } from './case.repository.js'
import { caseStatusKey } from './case-status-key.js'
import { caseNumber } from './case-summary.js'

// What other domains (feedback's intake and complaint form) look up about cases, without a
// user's permission: the system's own bookkeeping, never shown beyond what the caller decides.

/** The case opened for each of these feedback records (feedback id → case id). */
export function caseIdsByFeedback(
  db: Db,
  feedbackIds: readonly string[],
): Promise<Map<string, string>> {
  return caseIdsByFeedbackIds(db, feedbackIds)
}

/** What the complaint form tells the customer about their new case. */
export async function findCaseSummaryFields(
  scope: OrgScope,
  caseId: string,
): Promise<{ number: string; firstResponseDue: number } | undefined> {
  const found = await findCase(scope.db, scope.orgId, caseId)
  return found && { number: caseNumber(found.number), firstResponseDue: found.firstResponseDue }
}

/** The organisation whose public complaint form is at this key. */
export function orgIdByPublicFormKey(db: Db, key: string): Promise<string | undefined> {
  return orgIdByFormKey(db, key)
}

/**
 * The status key the complaint form gives the customer with the case number, for the public
 * lookup (src/cases/case-status-key.ts), from the organisation's link secret the form holds.
 */
export function caseStatusKeyOf(linkSecret: string, caseId: string): string {
  return caseStatusKey(linkSecret, caseId)
}
