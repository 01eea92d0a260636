import type { Db } from '../db/database.js'

/** The `notifications`, `robot_channels` and `robot_outbox` tables (migration 0029). */

export interface NotificationRow {
  id: string
  orgId: string
  memberId: string
  kind: string
  /** JSON text, parsed by the service. */
  params: string
  link: string | null
  dedupeKey: string
  createdAt: number
  readAt: number | null
}

/** Stores notifications; one that exists for the member and event already is left as it is. */
export async function insertNotifications(db: Db, rows: readonly NotificationRow[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        member_id: r.memberId,
        kind: r.kind,
        params: r.params,
        link: r.link,
        dedupe_key: r.dedupeKey,
        created_at: r.createdAt,
        read_at: r.readAt,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'member_id', 'dedupe_key']).doNothing())
    .execute()
}

/** A member's latest notifications, newest first; `before` pages back by creation time. */
export async function listMemberNotifications(
  db: Db,
  orgId: string,
  memberId: string,
  limit: number,
  before?: number,
): Promise<NotificationRow[]> {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
  if (before !== undefined) query = query.where('created_at', '<', before)
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    memberId: r.member_id,
    kind: r.kind,
    params: r.params,
    link: r.link,
    dedupeKey: r.dedupe_key,
    createdAt: Number(r.created_at),
    readAt: r.read_at === null ? null : Number(r.read_at),
  }))
}

export async function countUnreadNotifications(
  db: Db,
  orgId: string,
  memberId: string,
): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Marks one (by id) or all of a member's notifications read; returns how many changed. */
export async function markNotificationsRead(
  db: Db,
  orgId: string,
  memberId: string,
  now: number,
  id?: string,
): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('read_at', 'is', null)
  if (id !== undefined) query = query.where('id', '=', id)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Whether the member has a notification with this id (read or not). */
export async function memberHasNotification(
  db: Db,
  orgId: string,
  memberId: string,
  id: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('notifications')
    .select('id')
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row !== undefined
}
