import { recordAudit } from '../audit/audit.service.js'
import { openSecret, sealSecret } from '../personal-data/sealed-secret.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import {
  type OutboundPolicy,
  postJsonReadingReply,
  webhookHostProblem,
} from '../distribution/outbound.service.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import {
  type NotificationKind,
  NotificationKindListSchema,
  NotificationKindSchema,
  NotificationParamsSchema,
  type RobotChannel,
  RobotChannelInputSchema,
} from './notification.schema.js'
import {
  claimDueRobotMessages,
  deleteRobotChannel,
  findRobotChannel,
  insertRobotChannel,
  listRobotChannels,
  type RobotChannelRow,
  robotOutboxBacklog,
  settleRobotMessage,
} from './robot-channel.repository.js'
import { type RobotKind, robotAccepted, robotRequest } from './robot-messages.js'
import { robotMessageFor } from './robot-words.js'
import { nextOutboxAttempt } from '../jobs/outbox-retry.service.js'

/** An organisation's group robots: set up, listed, tested, removed; and the outbox they are sent from. */

type Locale = 'zh-CN' | 'en-US'

function toChannel(row: RobotChannelRow, db: Db): RobotChannel {
  let address = '—'
  try {
    const url = new URL(openSecret(db, row.url))
    address = `${url.protocol}//${url.host}${url.pathname.replace(/[^/]{12,}$/, '…')}`
  } catch {
    // A stored address that no longer parses shows as a dash.
  }
  return {
    id: row.id,
    kind: row.kind as RobotKind,
    name: row.name,
    address,
    signed: row.secret !== null,
    kinds: parseStoredJson(NotificationKindListSchema, row.kinds, 'robot_channels.kinds'),
    locale: row.locale as Locale,
    enabled: row.enabled,
    createdAt: row.createdAt,
  }
}

export async function listRobotChannelsFor(scope: Scope): Promise<{ channels: RobotChannel[] }> {
  requirePermission(scope.actor, 'organisation:write')
  const rows = await listRobotChannels(scope.db, scope.orgId)
  return { channels: rows.map((r) => toChannel(r, scope.db)) }
}

export async function addRobotChannel(
  scope: Scope,
  input: unknown,
  outbound: OutboundPolicy,
): Promise<RobotChannel> {
  requirePermission(scope.actor, 'organisation:write')
  const body = parseInput(RobotChannelInputSchema, input, 'robot channel')
  const problem = webhookHostProblem(body.url, outbound)
  if (problem)
    throw new ValidationError(
      'WEBHOOK_ADDRESS_NOT_ALLOWED',
      `Robots are reached at public addresses only: ${problem}.`,
      [
        {
          path: 'url',
          reason: problem,
          allowed: 'a public address, or a host the operator lists in MANYI_WEBHOOK_ALLOWED_HOSTS',
        },
      ],
    )
  if (!/^https?:$/.test(new URL(body.url).protocol))
    throw new ValidationError('VALIDATION_FAILED', 'A robot address starts with https://.', [
      { path: 'url', reason: 'not http(s)', allowed: 'https://…' },
    ])
  const row: RobotChannelRow = {
    id: newId(scope.now),
    orgId: scope.orgId,
    kind: body.kind,
    name: body.name,
    url: sealSecret(scope.db, body.url),
    secret: body.secret === undefined ? null : sealSecret(scope.db, body.secret),
    kinds: JSON.stringify(body.kinds),
    locale: body.locale,
    enabled: true,
    createdAt: scope.now,
    updatedAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertRobotChannel(trx, row)
    await recordAudit(trx, scope, {
      action: 'robot_channel.add',
      entity: 'robot_channel',
      entityId: row.id,
      detail: { kind: body.kind, name: body.name, kinds: body.kinds },
    })
  })
  return toChannel(row, scope.db)
}

async function channelOf(scope: Scope, id: string): Promise<RobotChannelRow> {
  const row = await findRobotChannel(scope.db, scope.orgId, id)
  if (!row)
    throw new NotFoundError('ROBOT_CHANNEL_NOT_FOUND', `No robot ${id}.`, [
      { path: 'id', reason: 'unknown robot' },
    ])
  return row
}

export async function removeRobotChannel(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'organisation:write')
  await channelOf(scope, id)
  await scope.db.transaction().execute(async (trx) => {
    await deleteRobotChannel(trx, scope.orgId, id)
    await recordAudit(trx, scope, {
      action: 'robot_channel.remove',
      entity: 'robot_channel',
      entityId: id,
      detail: {},
    })
  })
}

/** Posts one message now; resolves to whether the robot took it and, if not, why (no secrets). */
async function post(
  db: Db,
  channel: RobotChannelRow,
  kind: NotificationKind,
  params: unknown,
  link: string | null,
  outbound: OutboundPolicy,
  now: number,
): Promise<{ delivered: boolean; error: string | null }> {
  const message = robotMessageFor(
    kind,
    NotificationParamsSchema.parse(params),
    channel.locale as Locale,
    link,
  )
  const secret = channel.secret === null ? null : openSecret(db, channel.secret)
  const request = robotRequest(
    channel.kind as RobotKind,
    openSecret(db, channel.url),
    secret,
    message,
    now,
  )
  try {
    const { status, reply } = await postJsonReadingReply(
      request.url,
      { 'content-type': 'application/json; charset=utf-8' },
      request.body,
      outbound,
    )
    if (robotAccepted(channel.kind as RobotKind, status, reply))
      return { delivered: true, error: null }
    return { delivered: false, error: `HTTP ${status}: ${reply.slice(0, 200)}` }
  } catch (error) {
    const code = (error as { code?: string }).code
    return { delivered: false, error: code ?? (error as Error).name }
  }
}

/** Sends a test message to the robot at once (the settings page's "send a test"). */
export async function testRobotChannel(
  scope: Scope,
  id: string,
  outbound: OutboundPolicy,
): Promise<{ delivered: boolean; error: string | null }> {
  requirePermission(scope.actor, 'organisation:write')
  const channel = await channelOf(scope, id)
  return post(scope.db, channel, 'robot_test', {}, null, outbound, scope.now)
}

const STALE_CLAIM_MS = 300_000
const BATCH = 50

/**
 * The background job: sends due robot messages, each claimed by exactly one instance, retried
 * with growing delays, then marked failed. A read over every organisation (a job's sweep).
 */
export async function runRobotDelivery(
  db: Db,
  outbound: OutboundPolicy,
  now: number,
): Promise<void> {
  const claimed = await claimDueRobotMessages(db, now, BATCH, STALE_CLAIM_MS)
  for (const message of claimed) {
    const channel = await findRobotChannel(db, message.orgId, message.channelId)
    if (!channel?.enabled) {
      await settleRobotMessage(db, message.id, {
        state: 'failed',
        attempts: message.attempts,
        nextAt: now,
        error: 'channel removed or disabled',
        sentAt: null,
      })
      continue
    }
    const kind = NotificationKindSchema.parse(message.kind)
    const outcome = await post(
      db,
      channel,
      kind,
      JSON.parse(message.params),
      message.link,
      outbound,
      now,
    )
    const attempts = message.attempts + 1
    if (outcome.delivered) {
      await settleRobotMessage(db, message.id, {
        state: 'sent',
        attempts,
        nextAt: now,
        error: null,
        sentAt: now,
      })
    } else {
      const next = nextOutboxAttempt(attempts, now)
      await settleRobotMessage(db, message.id, {
        state: next.retry ? 'pending' : 'failed',
        attempts,
        nextAt: next.nextAt,
        error: outcome.error,
        sentAt: null,
      })
    }
  }
}

export function robotDeliveryBacklog(db: Db, now: number) {
  return robotOutboxBacklog(db, now, 1_000)
}
