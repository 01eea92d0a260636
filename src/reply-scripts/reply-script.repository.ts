import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { ReplyScriptTable } from './reply-script.table.js'

export type ReplyScriptRow = ReplyScriptTable

export function listReplyScriptRows(db: Db, orgId: string): Promise<ReplyScriptRow[]> {
  return db
    .selectFrom('reply_scripts')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('kind')
    .orderBy('title')
    .orderBy('id')
    .execute()
}

export function findReplyScriptRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<ReplyScriptRow | undefined> {
  return db
    .selectFrom('reply_scripts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function insertReplyScriptRow(db: Db, row: ReplyScriptRow): Promise<void> {
  await db.insertInto('reply_scripts').values(row).execute()
}

export async function updateReplyScriptRow(
  db: Db,
  orgId: string,
  id: string,
  changes: Omit<ReplyScriptRow, 'id' | 'org_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('reply_scripts')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

export async function insertReplyScriptUse(
  db: Db,
  use: { id: string; orgId: string; scriptId: string; caseId: string; usedBy: string; at: number },
): Promise<void> {
  await db
    .insertInto('reply_script_uses')
    .values({
      id: use.id,
      org_id: use.orgId,
      script_id: use.scriptId,
      case_id: use.caseId,
      used_by: use.usedBy,
      used_at: use.at,
    })
    .execute()
}

/** Per script of the organisation: its uses and the distinct cases it was used in. */
export async function replyScriptUseRows(
  db: Db,
  orgId: string,
): Promise<Array<{ scriptId: string; caseId: string; uses: number }>> {
  const rows = await db
    .selectFrom('reply_script_uses')
    .select(['script_id', 'case_id', sql<number | string>`count(*)`.as('uses')])
    .where('org_id', '=', orgId)
    .groupBy(['script_id', 'case_id'])
    .execute()
  return rows.map((r) => ({ scriptId: r.script_id, caseId: r.case_id, uses: Number(r.uses) }))
}
