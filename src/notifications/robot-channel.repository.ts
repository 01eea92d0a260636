import type { Db } from '../db/database.js'
import {
  claimDueOutboxRows,
  type Outbox,
  outboxBacklog,
  settleOutboxRow,
} from '../jobs/outbox-lease.service.js'
import {
  keyedSealingIo,
  type SealingIo,
  type SecretSealingRow,
} from '../personal-data/sealed-table.service.js'

/** The `robot_channels` and `robot_outbox` tables (migration 0029). */

export interface RobotChannelRow {
  id: string
  orgId: string
  kind: string
  name: string
  /** Sealed webhook address. */
  url: string
  /** Sealed signing secret, or null. */
  secret: string | null
  /** JSON list of kinds. */
  kinds: string
  locale: string
  enabled: boolean
  createdAt: number
  updatedAt: number
}

function toChannel(r: {
  id: string
  org_id: string
  kind: string
  name: string
  url: string
  secret: string | null
  kinds: string
  locale: string
  enabled: number | string
  created_at: number | string
  updated_at: number | string
}): RobotChannelRow {
  return {
    id: r.id,
    orgId: r.org_id,
    kind: r.kind,
    name: r.name,
    url: r.url,
    secret: r.secret,
    kinds: r.kinds,
    locale: r.locale,
    enabled: Number(r.enabled) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

export async function insertRobotChannel(db: Db, row: RobotChannelRow): Promise<void> {
  await db
    .insertInto('robot_channels')
    .values({
      id: row.id,
      org_id: row.orgId,
      kind: row.kind,
      name: row.name,
      url: row.url,
      secret: row.secret,
      kinds: row.kinds,
      locale: row.locale,
      enabled: row.enabled ? 1 : 0,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    })
    .execute()
}

export async function listRobotChannels(db: Db, orgId: string): Promise<RobotChannelRow[]> {
  const rows = await db
    .selectFrom('robot_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toChannel)
}

export async function findRobotChannel(
  db: Db,
  orgId: string,
  id: string,
): Promise<RobotChannelRow | undefined> {
  const row = await db
    .selectFrom('robot_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toChannel(row) : undefined
}

export async function deleteRobotChannel(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('robot_channels')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  await db
    .deleteFrom('robot_outbox')
    .where('org_id', '=', orgId)
    .where('channel_id', '=', id)
    .execute()
  return Number(result.numDeletedRows) > 0
}

export interface RobotOutboxRow {
  id: string
  orgId: string
  channelId: string
  kind: string
  params: string
  link: string | null
  attempts: number
  createdAt: number
}

/** Queues messages; one queued for the same channel and event already (same id) is kept. */
export async function queueRobotMessages(
  db: Db,
  rows: readonly RobotOutboxRow[],
  now: number,
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('robot_outbox')
    .values(
      rows.map((r) => ({
        id: r.id,
        org_id: r.orgId,
        channel_id: r.channelId,
        kind: r.kind,
        params: r.params,
        link: r.link,
        state: 'pending',
        attempts: 0,
        next_at: now,
        claimed_at: null,
        sent_at: null,
        error: null,
        created_at: r.createdAt,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

const ROBOT_OUTBOX: Outbox<'robot_outbox'> = { table: 'robot_outbox', waiting: 'pending' }

/**
 * Claims due messages for this instance: each is moved from pending to sending by one UPDATE that
 * names its state, so of several instances exactly one gets it. A message left "sending" by an
 * instance that stopped (claimed longer than `staleMs` ago) is due again.
 */
export async function claimDueRobotMessages(
  db: Db,
  now: number,
  limit: number,
  staleMs: number,
): Promise<RobotOutboxRow[]> {
  const rows = await claimDueOutboxRows(db, ROBOT_OUTBOX, now, limit, staleMs)
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    channelId: row.channel_id,
    kind: row.kind,
    params: row.params,
    link: row.link,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
  }))
}

/** Records how a claimed message went: sent, failed for good, or back to pending at `nextAt`. */
export async function settleRobotMessage(
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
  await settleOutboxRow(db, ROBOT_OUTBOX, id, outcome, { whileSending: false, releaseClaim: true })
}

/** Messages waiting (up to `limit`) and the oldest's time, for monitoring. */
export async function robotOutboxBacklog(
  db: Db,
  now: number,
  limit: number,
): Promise<{ count: number; oldestAt: number | null }> {
  return outboxBacklog(db, ROBOT_OUTBOX, now, limit)
}

/** A channel's messages in the outbox (newest first), for its page and tests. */
export async function listChannelMessages(
  db: Db,
  orgId: string,
  channelId: string,
  limit: number,
): Promise<
  Array<{
    id: string
    kind: string
    state: string
    attempts: number
    error: string | null
    sentAt: number | null
  }>
> {
  const rows = await db
    .selectFrom('robot_outbox')
    .select(['id', 'kind', 'state', 'attempts', 'error', 'sent_at'])
    .where('org_id', '=', orgId)
    .where('channel_id', '=', channelId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    attempts: Number(r.attempts),
    error: r.error,
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  }))
}

/** robot_channels in the sealing sweep: each robot's webhook address and signing secret. */
export const robotChannelSealingIo: SealingIo<SecretSealingRow> = keyedSealingIo('robot_channels', [
  'url',
  'secret',
])
