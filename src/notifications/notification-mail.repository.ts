import type { Db } from '../db/database.js'
import {
  claimDueOutboxRows,
  type Outbox,
  outboxBacklog,
  settleOutboxRow,
} from '../jobs/outbox-lease.service.js'

/** The `notification_settings` and `notification_mail` tables (migration 0031). */

export interface NotificationSettingsRow {
  memberId: string
  email: boolean
  quietFrom: number | null
  quietTo: number | null
}

function toSettings(r: {
  member_id: string
  email: number | string
  quiet_from: number | string | null
  quiet_to: number | string | null
}): NotificationSettingsRow {
  return {
    memberId: r.member_id,
    email: Number(r.email) === 1,
    quietFrom: r.quiet_from === null ? null : Number(r.quiet_from),
    quietTo: r.quiet_to === null ? null : Number(r.quiet_to),
  }
}

/** The settings of these members (those who never chose have none). */
export async function listNotificationSettings(
  db: Db,
  orgId: string,
  memberIds: readonly string[],
): Promise<NotificationSettingsRow[]> {
  if (memberIds.length === 0) return []
  const rows = await db
    .selectFrom('notification_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('member_id', 'in', [...memberIds])
    .execute()
  return rows.map(toSettings)
}

export async function saveNotificationSettings(
  db: Db,
  orgId: string,
  row: NotificationSettingsRow,
  now: number,
): Promise<void> {
  const values = {
    email: row.email ? 1 : 0,
    quiet_from: row.quietFrom,
    quiet_to: row.quietTo,
    updated_at: now,
  }
  await db
    .insertInto('notification_settings')
    .values({ org_id: orgId, member_id: row.memberId, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'member_id']).doUpdateSet(values))
    .execute()
}

export interface NotificationMailRow {
  id: string
  orgId: string
  memberId: string
  kind: string
  params: string
  link: string | null
  attempts: number
  /** When it may be sent: now, or the end of the member's quiet hours. */
  nextAt: number
  createdAt: number
}

/** Queues e-mails; one queued for the same member and event already (same id) is kept. */
export async function queueNotificationMail(
  db: Db,
  rows: readonly NotificationMailRow[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('notification_mail')
    .values(
      rows.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        member_id: r.memberId,
        kind: r.kind,
        params: r.params,
        link: r.link,
        state: 'pending',
        attempts: 0,
        next_at: r.nextAt,
        claimed_at: null,
        sent_at: null,
        error: null,
        created_at: r.createdAt,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

function toMail(r: {
  id: string
  org_id: string
  member_id: string
  kind: string
  params: string
  link: string | null
  attempts: number | string
  next_at: number | string
  created_at: number | string
}): NotificationMailRow {
  return {
    id: r.id,
    orgId: r.org_id,
    memberId: r.member_id,
    kind: r.kind,
    params: r.params,
    link: r.link,
    attempts: Number(r.attempts),
    nextAt: Number(r.next_at),
    createdAt: Number(r.created_at),
  }
}

const MAIL_OUTBOX: Outbox<'notification_mail'> = { table: 'notification_mail', waiting: 'pending' }

/**
 * Claims due e-mails for this instance: each moves from pending to sending in one UPDATE that
 * names the state it expects, so of several instances exactly one sends it. One left "sending"
 * by an instance that stopped (claimed longer than `staleMs` ago) is due again.
 */
export async function claimDueNotificationMail(
  db: Db,
  now: number,
  limit: number,
  staleMs: number,
): Promise<NotificationMailRow[]> {
  return (await claimDueOutboxRows(db, MAIL_OUTBOX, now, limit, staleMs)).map(toMail)
}

/** Records how a claimed e-mail went: sent, failed for good, or back to pending at `nextAt`. */
export async function settleNotificationMail(
  db: Db,
  id: string,
  outcome: {
    state: 'sent' | 'failed' | 'pending'
    attempts: number
    nextAt: number
    error: string | null
    sentAt: number | null
  },
): Promise<void> {
  await settleOutboxRow(db, MAIL_OUTBOX, id, outcome, { whileSending: false, releaseClaim: true })
}

/** E-mails due and waiting (up to `limit`) and the oldest's time, for monitoring. */
export async function notificationMailBacklog(
  db: Db,
  now: number,
  limit: number,
): Promise<{ count: number; oldestAt: number | null }> {
  return outboxBacklog(db, MAIL_OUTBOX, now, limit)
}

/** A member's e-mails (newest first): what was held, sent or failed, for their page and tests. */
export async function listMemberMail(
  db: Db,
  orgId: string,
  memberId: string,
  limit: number,
): Promise<
  Array<{ id: string; kind: string; state: string; nextAt: number; sentAt: number | null }>
> {
  const rows = await db
    .selectFrom('notification_mail')
    .select(['id', 'kind', 'state', 'next_at', 'sent_at'])
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    nextAt: Number(r.next_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  }))
}
