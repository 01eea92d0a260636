import { createHash } from 'node:crypto'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { parseStoredJson } from '../shared/stored-json.js'
import {
  type Notification,
  type NotificationKind,
  NotificationKindListSchema,
  NotificationKindSchema,
  type NotificationList,
  NotificationListQuerySchema,
  type NotificationParams,
  NotificationParamsSchema,
} from './notification.schema.js'
import {
  countUnreadNotifications,
  insertNotifications,
  listMemberNotifications,
  markNotificationsRead,
  memberHasNotification,
} from './notification.repository.js'
import { listRobotChannels, queueRobotMessages } from './robot-channel.repository.js'
import { paramsForGroup } from './robot-words.js'
import { queueMemberMail } from './notification-mail.service.js'

/**
 * Telling members what concerns them — in the app (the notification centre) and, for the kinds an
 * organisation's group robots take, in their WeCom/DingTalk/Feishu groups. Written in the same
 * transaction as the event itself, so an event that happened is told and one rolled back is not;
 * the robots' messages and members' e-mails wait in outboxes that one instance sends
 * (robot-channel.service.ts, notification-mail.service.ts).
 */

export interface NotificationEvent {
  kind: NotificationKind
  params: NotificationParams
  /** Where the evidence is in the app (a path such as /app/cases/…). */
  link: string | null
  /** Names the event: telling the same event twice (a retry) stores it once. */
  eventKey: string
  /** Memberships to tell (duplicates and the empty list are fine). */
  memberIds: readonly string[]
}

/** A stable id for (channel, event), so the outbox keeps one message per robot and event. */
function outboxId(channelId: string, eventKey: string): string {
  return createHash('sha256')
    .update(`${channelId}\u0000${eventKey}`)
    .digest('base64url')
    .slice(0, 32)
}

/** Tells the members and queues the robots' messages; `trx` is the event's own transaction. */
export async function notifyMembers(
  trx: Db,
  at: { orgId: string; now: number },
  event: NotificationEvent,
): Promise<void> {
  const params = JSON.stringify(event.params)
  const members = [...new Set(event.memberIds)]
  await insertNotifications(
    trx,
    members.map((memberId) => ({
      id: newId(at.now),
      orgId: at.orgId,
      memberId,
      kind: event.kind,
      params,
      link: event.link,
      dedupeKey: event.eventKey,
      createdAt: at.now,
      readAt: null,
    })),
  )
  const channels = (await listRobotChannels(trx, at.orgId)).filter((c) => {
    if (!c.enabled) return false
    const kinds = parseStoredJson(NotificationKindListSchema, c.kinds, 'robot_channels.kinds')
    return kinds.length === 0 || kinds.includes(event.kind)
  })
  // E-mail to the members who chose it, held until their quiet hours end.
  await queueMemberMail(trx, at, { ...event, memberIds: members }, params)
  const groupParams = JSON.stringify(paramsForGroup(event.kind, event.params))
  await queueRobotMessages(
    trx,
    channels.map((c) => ({
      id: outboxId(c.id, event.eventKey),
      orgId: at.orgId,
      channelId: c.id,
      kind: event.kind,
      params: groupParams,
      link: event.link,
      attempts: 0,
      createdAt: at.now,
    })),
    at.now,
  )
}

/** The caller's latest notifications and how many are unread. */
export async function myNotifications(scope: Scope, query: unknown): Promise<NotificationList> {
  const q = parseInput(NotificationListQuerySchema, query, 'query')
  const rows = await listMemberNotifications(
    scope.db,
    scope.orgId,
    scope.actor.id,
    q.limit ?? 20,
    q.before,
  )
  const notifications: Notification[] = rows.map((r) => ({
    id: r.id,
    kind: NotificationKindSchema.parse(r.kind),
    params: parseStoredJson(NotificationParamsSchema, r.params, 'notifications.params'),
    link: r.link,
    createdAt: r.createdAt,
    read: r.readAt !== null,
  }))
  return {
    notifications,
    unread: await countUnreadNotifications(scope.db, scope.orgId, scope.actor.id),
  }
}

export async function myUnreadCount(scope: Scope): Promise<{ unread: number }> {
  return { unread: await countUnreadNotifications(scope.db, scope.orgId, scope.actor.id) }
}

/** Marks one of the caller's notifications read (reading one twice is fine). */
export async function markNotificationRead(scope: Scope, id: string): Promise<{ unread: number }> {
  if (!(await memberHasNotification(scope.db, scope.orgId, scope.actor.id, id)))
    throw new NotFoundError('NOTIFICATION_NOT_FOUND', `No notification ${id}.`, [
      { path: 'id', reason: 'unknown notification' },
    ])
  await markNotificationsRead(scope.db, scope.orgId, scope.actor.id, scope.now, id)
  return myUnreadCount(scope)
}

export async function markAllNotificationsRead(scope: Scope): Promise<{ unread: number }> {
  await markNotificationsRead(scope.db, scope.orgId, scope.actor.id, scope.now)
  return { unread: 0 }
}
