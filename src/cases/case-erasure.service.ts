import type { Db } from '../db/database.js'
import { caseEventsForRights, casesForRights, eraseCaseRows } from './case-erasure.repository.js'
import { caseNumber } from './case-summary.js'

// A customer's data-rights request on cases (src/customers/data-rights.service.ts drives it).

export interface CaseExport {
  id: string
  number: string
  feedbackId: string
  title: string
  status: string
  reason: string
  channel: string
  customerRef: string | null
  unitId: string | null
  createdAt: number
  /** What was written on the case: notes (internal) and replies to the customer. */
  messages: Array<{ type: string; visibility: string; body: string; at: number }>
}

/** Cases by id and those the feedback `feedbackIds` opened, with their written messages. */
export async function exportCases(
  db: Db,
  orgId: string,
  ids: readonly string[],
  feedbackIds: readonly string[],
): Promise<CaseExport[]> {
  const rows = await casesForRights(db, orgId, ids, feedbackIds)
  const events = await caseEventsForRights(
    db,
    orgId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    number: caseNumber(Number(r.number)),
    feedbackId: r.feedback_id,
    title: r.title,
    status: r.status,
    reason: r.reason,
    channel: r.channel,
    customerRef: r.customer_ref,
    unitId: r.unit_id,
    createdAt: Number(r.created_at),
    messages: events
      .filter((e) => e.case_id === r.id && e.body !== null)
      .map((e) => ({
        type: e.type,
        visibility: e.visibility,
        body: e.body ?? '',
        at: Number(e.created_at),
      })),
  }))
}

/** Erase the personal values of these cases (and those the feedback opened); returns their ids. */
export async function eraseCases(
  db: Db,
  orgId: string,
  ids: readonly string[],
  feedbackIds: readonly string[],
): Promise<string[]> {
  const found = (await casesForRights(db, orgId, ids, feedbackIds)).map((r) => r.id)
  await eraseCaseRows(db, orgId, found)
  return found
}
