import type { Db } from '../db/database.js'
import type {
  FollowUpCallAttemptTable,
  FollowUpCallSettingsTable,
  FollowUpCallTable,
} from './follow-up-call.table.js'

/** The only code touching the telephone follow-up tables (migration 0065). */

export type CallRow = FollowUpCallTable
export type AttemptRow = FollowUpCallAttemptTable

export function findCallSettingsRow(
  db: Db,
  orgId: string,
): Promise<FollowUpCallSettingsTable | undefined> {
  return db
    .selectFrom('follow_up_call_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
}

export async function saveCallSettingsRow(db: Db, row: FollowUpCallSettingsTable): Promise<void> {
  await db
    .insertInto('follow_up_call_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({
        survey_id: row.survey_id,
        retry_after_hours: row.retry_after_hours,
        max_attempts: row.max_attempts,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}

/** The calls of these cases, by case id. */
export async function callRowsOfCases(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<Map<string, CallRow>> {
  if (caseIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('follow_up_calls')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('case_id', 'in', [...caseIds])
    .execute()
  return new Map(rows.map((r) => [r.case_id, normalised(r)]))
}

/** Adds a case's call unless it has one (two agents listing at once add it once). */
export async function insertCallRowIfMissing(db: Db, row: CallRow): Promise<void> {
  await db
    .insertInto('follow_up_calls')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'case_id']).doNothing())
    .execute()
}

export async function findCallRow(db: Db, orgId: string, id: string): Promise<CallRow | undefined> {
  const row = await db
    .selectFrom('follow_up_calls')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && normalised(row)
}

/** Moves a call on only from the state it was read in (false: someone else moved it meanwhile). */
export async function updateCallRow(
  db: Db,
  orgId: string,
  id: string,
  expected: { status: string; attempts: number },
  changes: Pick<
    CallRow,
    'status' | 'due_at' | 'attempts' | 'response_id' | 'agent_id' | 'updated_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('follow_up_calls')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', expected.status)
    .where('attempts', '=', expected.attempts)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertAttemptRow(db: Db, row: AttemptRow): Promise<void> {
  await db.insertInto('follow_up_call_attempts').values(row).execute()
}

export async function attemptRowsOfCall(
  db: Db,
  orgId: string,
  callId: string,
): Promise<AttemptRow[]> {
  const rows = await db
    .selectFrom('follow_up_call_attempts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('call_id', '=', callId)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    ...r,
    at: Number(r.at),
    call_back_at: r.call_back_at === null ? null : Number(r.call_back_at),
  }))
}

/** PostgreSQL hands bigint columns back as strings. */
function normalised(row: CallRow): CallRow {
  return {
    ...row,
    due_at: Number(row.due_at),
    attempts: Number(row.attempts),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  }
}
