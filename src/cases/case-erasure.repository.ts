import type { Db } from '../db/database.js'

/**
 * The queries of a customer's data-rights request on cases: the cases by id or by the feedback
 * that opened them, their events, and the rewrite without personal values.
 */

export interface CaseRightsRow {
  id: string
  number: number
  feedback_id: string
  title: string
  status: string
  reason: string
  channel: string
  customer_ref: string | null
  unit_id: string | null
  created_at: number
}

export async function casesForRights(
  db: Db,
  orgId: string,
  ids: readonly string[],
  feedbackIds: readonly string[],
): Promise<CaseRightsRow[]> {
  const out = new Map<string, CaseRightsRow>()
  for (const [column, values] of [
    ['id', ids],
    ['feedback_id', feedbackIds],
  ] as const) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db
        .selectFrom('cases')
        .select([
          'id',
          'number',
          'feedback_id',
          'title',
          'status',
          'reason',
          'channel',
          'customer_ref',
          'unit_id',
          'created_at',
        ])
        .where('org_id', '=', orgId)
        .where(column, 'in', values.slice(i, i + 500))
        .execute()
      for (const row of rows) out.set(row.id, row)
    }
  }
  return [...out.values()].sort((a, b) => Number(a.created_at) - Number(b.created_at))
}

export async function caseEventsForRights(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<
  Array<{
    case_id: string
    type: string
    visibility: string
    body: string | null
    created_at: number
  }>
> {
  if (caseIds.length === 0) return []
  return db
    .selectFrom('case_events')
    .select(['case_id', 'type', 'visibility', 'body', 'created_at'])
    .where('org_id', '=', orgId)
    .where('case_id', 'in', [...caseIds].slice(0, 500))
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/**
 * Removes the personal values of these cases: the customer's reference, the title (the first line
 * of the customer's words) and every event's written text (notes and replies). Status, times,
 * cause, owner and compensation stay (SLA compliance, recovery rate and the complaint database).
 */
export async function eraseCaseRows(db: Db, orgId: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    await db
      .updateTable('cases')
      .set({ customer_ref: null, title: '' })
      .where('org_id', '=', orgId)
      .where('id', 'in', chunk)
      .execute()
    await db
      .updateTable('case_events')
      .set({ body: null })
      .where('org_id', '=', orgId)
      .where('case_id', 'in', chunk)
      .where('body', 'is not', null)
      .execute()
  }
}
