import type { Db } from '../db/database.js'
import { type CaseRecord, toCaseRecord } from './case-record.js'

// What the public status lookup reads: a case by its organisation's number, and the replies the
// organisation sent to the customer (never internal notes).

export async function findCaseByNumber(
  db: Db,
  orgId: string,
  number: number,
): Promise<CaseRecord | undefined> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('number', '=', number)
    .executeTakeFirst()
  return row && toCaseRecord(row)
}

/** The case's replies to the customer, oldest first. */
export async function customerReplies(
  db: Db,
  orgId: string,
  caseId: string,
): Promise<Array<{ body: string; createdAt: number }>> {
  const rows = await db
    .selectFrom('case_events')
    .select(['body', 'created_at'])
    .where('org_id', '=', orgId)
    .where('case_id', '=', caseId)
    .where('type', '=', 'reply')
    .where('visibility', '=', 'customer')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ body: r.body ?? '', createdAt: Number(r.created_at) }))
}
