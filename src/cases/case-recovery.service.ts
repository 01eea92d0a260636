import type { Db } from '../db/database.js'
import { casesByIds } from './case.repository.js'
import { paidPointsSince } from './compensation-points.repository.js'

/** Whether a case recovered the customer, as the customers' churn model reads it. */
export interface CaseRecovery {
  status: string
  /** Resolved, and not followed up as unsatisfied. */
  recovered: boolean
}

/** The recovery of each of these cases of an organisation (ids of another organisation are left out). */
export async function caseRecoveries(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<Map<string, CaseRecovery>> {
  const found = new Map<string, CaseRecovery>()
  for (let i = 0; i < caseIds.length; i += 500) {
    const cases = await casesByIds(db, caseIds.slice(i, i + 500))
    for (const [id, c] of cases)
      if (c.orgId === orgId)
        found.set(id, {
          status: c.status,
          recovered: c.resolvedAt !== null && c.followUpSatisfied !== 0,
        })
  }
  return found
}

/**
 * Compensation paid as points (a points compensation's amount is the points given), paid at or
 * after `since`, oldest first: what the loyalty ledger credits.
 */
export async function paidPointsCompensations(
  db: Db,
  orgId: string,
  since: number,
  limit: number,
): Promise<{ id: string; caseId: string; points: number; paidAt: number }[]> {
  return paidPointsSince(db, orgId, since, limit)
}
