import type { Db } from '../db/database.js'
import { PAID_COMPENSATION_STATUSES } from './compensation-authority.js'

/** Compensation paid as points (granted, or approved), paid at or after `since`, oldest first. */
export async function paidPointsSince(
  db: Db,
  orgId: string,
  since: number,
  limit: number,
): Promise<{ id: string; caseId: string; points: number; paidAt: number }[]> {
  const rows = await db
    .selectFrom('compensations')
    .select(['id', 'case_id', 'amount', 'decided_at', 'created_at'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'points')
    .where('status', 'in', [...PAID_COMPENSATION_STATUSES])
    .where((eb) => eb(eb.fn.coalesce('decided_at', 'created_at'), '>=', since))
    .orderBy((eb) => eb.fn.coalesce('decided_at', 'created_at'))
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    points: Math.round(Number(r.amount)),
    paidAt: Number(r.decided_at ?? r.created_at),
  }))
}
