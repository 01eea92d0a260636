import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationSettingsInputSchema,
  NotificationSettingsSchema,
  RobotChannelInputSchema,
  RobotChannelListSchema,
  RobotChannelSchema,
  RobotTestResultSchema,
  UnreadCountSchema,
} from '../../notifications/notification.schema.js'
import {
  markAllNotificationsRead,
  markNotificationRead,
  myNotifications,
  myUnreadCount,
} from '../../notifications/notification.service.js'
import {
  addRobotChannel,
  listRobotChannelsFor,
  removeRobotChannel,
  testRobotChannel,
} from '../../notifications/robot-channel.service.js'
import {
  myNotificationSettings,
  saveMyNotificationSettings,
} from '../../notifications/notification-mail.service.js'
import type { AppDeps } from '../deps.js'
import { NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** The caller's notification centre, and the organisation's group robots. */
export function notificationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['notifications']
  const outbound = () => ({ allowedHosts: deps.config.webhookAllowedHosts })

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/me/notifications',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary:
          'The caller’s latest notifications (newest first; `before` pages back) and the unread count',
        querystring: NotificationListQuerySchema,
        response: { 200: NotificationListSchema },
      },
    },
    async (request) => myNotifications(scopeOf(deps, request), request.query),
  )
  app.get(
    '/api/v1/me/notifications/unread',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary: 'How many of the caller’s notifications are unread',
        response: { 200: UnreadCountSchema },
      },
    },
    async (request) => myUnreadCount(scopeOf(deps, request)),
  )
  app.post<IdRequest>(
    '/api/v1/me/notifications/:id/read',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary: 'Mark one of the caller’s notifications read',
        params: IdParams,
        response: { 200: UnreadCountSchema },
      },
    },
    async (request) => markNotificationRead(scopeOf(deps, request), request.params.id),
  )
  app.post(
    '/api/v1/me/notifications/read-all',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary: 'Mark all the caller’s notifications read',
        response: { 200: UnreadCountSchema },
      },
    },
    async (request) => markAllNotificationsRead(scopeOf(deps, request)),
  )
  app.get(
    '/api/v1/me/notification-settings',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary:
          'The caller’s choices: e-mail as well as in the app, and quiet hours (local times in the organisation’s time zone)',
        response: { 200: NotificationSettingsSchema },
      },
    },
    async (request) => myNotificationSettings(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/me/notification-settings',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary:
          'Set the caller’s choices; e-mails falling in quiet hours are held and sent when they end (QUIET_HOURS_INCOMPLETE when only one end is given)',
        body: NotificationSettingsInputSchema,
        response: { 200: NotificationSettingsSchema },
      },
    },
    async (request) => saveMyNotificationSettings(scopeOf(deps, request), request.body),
  )
  app.get(
    '/api/v1/robot-channels',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary:
          'The organisation’s group robots (WeCom, DingTalk, Feishu); addresses shown without their tokens',
        response: { 200: RobotChannelListSchema },
      },
    },
    async (request) => listRobotChannelsFor(scopeOf(deps, request)),
  )
  app.post(
    '/api/v1/robot-channels',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary:
          'Add a group robot: its webhook address and signing secret (both sealed, never shown again), the kinds of event it takes (none = all) and its language; WEBHOOK_ADDRESS_NOT_ALLOWED for a private address',
        body: RobotChannelInputSchema,
        response: { 201: RobotChannelSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addRobotChannel(scopeOf(deps, request), request.body, outbound())),
  )
  app.post<IdRequest>(
    '/api/v1/robot-channels/:id/test',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary: 'Send the robot a test message now and say whether it took it',
        params: IdParams,
        response: { 200: RobotTestResultSchema },
      },
    },
    async (request) => testRobotChannel(scopeOf(deps, request), request.params.id, outbound()),
  )
  app.delete<IdRequest>(
    '/api/v1/robot-channels/:id',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary: 'Remove a group robot (and its unsent messages)',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await removeRobotChannel(scopeOf(deps, request), request.params.id)
      return reply.code(204).send()
    },
  )
}
