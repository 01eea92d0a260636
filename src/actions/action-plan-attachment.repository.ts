import type { Db } from '../db/database.js'
import type { ActionPlanAttachmentTable } from './action-plan.table.js'

/** The `action_plan_attachments` and `action_plan_settings` tables (migration 0038). */

export type AttachmentRow = Omit<ActionPlanAttachmentTable, 'data'>

const LISTED = [
  'id',
  'org_id',
  'plan_id',
  'filename',
  'content_type',
  'size',
  'sha256',
  'uploaded_by',
  'created_at',
] as const

function toAttachmentRow(r: AttachmentRow): AttachmentRow {
  return { ...r, size: Number(r.size), created_at: Number(r.created_at) }
}

export async function insertAttachment(db: Db, row: ActionPlanAttachmentTable): Promise<void> {
  await db.insertInto('action_plan_attachments').values(row).execute()
}

/** A plan's attachments, oldest first, without their bytes. */
export async function listAttachments(
  db: Db,
  orgId: string,
  planId: string,
): Promise<AttachmentRow[]> {
  const rows = await db
    .selectFrom('action_plan_attachments')
    .select(LISTED)
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toAttachmentRow)
}

/** One attachment with its bytes. */
export async function findAttachment(
  db: Db,
  orgId: string,
  planId: string,
  id: string,
): Promise<ActionPlanAttachmentTable | undefined> {
  const row = await db
    .selectFrom('action_plan_attachments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row && { ...toAttachmentRow(row), data: Buffer.from(row.data) }
}

/** Removes an attachment; false when there was none. */
export async function deleteAttachment(
  db: Db,
  orgId: string,
  planId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('action_plan_attachments')
    .where('org_id', '=', orgId)
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

/** Whether the organisation wants plans approved (false when it never said). */
export async function findApprovalRequired(db: Db, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('action_plan_settings')
    .select('approval_required')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return Number(row?.approval_required ?? 0) === 1
}

export async function saveApprovalRequired(
  db: Db,
  orgId: string,
  required: boolean,
  actorId: string,
  now: number,
): Promise<void> {
  const values = { approval_required: required ? 1 : 0, updated_by: actorId, updated_at: now }
  await db
    .insertInto('action_plan_settings')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
}
