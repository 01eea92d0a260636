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

/** The tables of migration 0055: notice_settings, notices, notice_messages. */

export interface NoticeSettingsRow {
  orgId: string
  gatewayUrl: string | null
  /** Sealed. */
  gatewaySecret: string | null
  leadDays: number
  updatedAt: number
}

export interface NoticeRow {
  id: string
  orgId: string
  kind: string
  title: string
  reason: string
  unitIds: string[]
  startsAt: number
  endsAt: number
  createdBy: string
  createdAt: number
}

export interface NoticeMessageRow {
  id: string
  orgId: string
  noticeId: string
  recipient: string
  customerId: string | null
  channel: string
  /** Sealed; null once settled. */
  addressSealed: string | null
  addressMasked: string
  locale: string
  state: string
  attempts: number
  nextAt: number
  claimedAt: number | null
  sentAt: number | null
  deliveredAt: number | null
  error: string | null
  createdAt: number
}

export async function findNoticeSettings(
  db: Db,
  orgId: string,
): Promise<NoticeSettingsRow | undefined> {
  const r = await db
    .selectFrom('notice_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return r
    ? {
        orgId: r.org_id,
        gatewayUrl: r.gateway_url,
        gatewaySecret: r.gateway_secret,
        leadDays: Number(r.lead_days),
        updatedAt: Number(r.updated_at),
      }
    : undefined
}

export async function saveNoticeSettings(db: Db, row: NoticeSettingsRow): Promise<void> {
  const values = {
    gateway_url: row.gatewayUrl,
    gateway_secret: row.gatewaySecret,
    lead_days: row.leadDays,
    updated_at: row.updatedAt,
  }
  await db
    .insertInto('notice_settings')
    .values({ org_id: row.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
}

export async function insertNotice(db: Db, row: NoticeRow): Promise<void> {
  await db
    .insertInto('notices')
    .values({
      id: row.id,
      org_id: row.orgId,
      kind: row.kind,
      title: row.title,
      reason: row.reason,
      unit_ids: JSON.stringify(row.unitIds),
      starts_at: row.startsAt,
      ends_at: row.endsAt,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute()
}

type NoticeDbRow = {
  id: string
  org_id: string
  kind: string
  title: string
  reason: string
  unit_ids: string
  starts_at: number
  ends_at: number
  created_by: string
  created_at: number
}

function toNoticeRow(r: NoticeDbRow): NoticeRow {
  return {
    id: r.id,
    orgId: r.org_id,
    kind: r.kind,
    title: r.title,
    reason: r.reason,
    unitIds: JSON.parse(r.unit_ids) as string[],
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }
}

export async function findNotice(
  db: Db,
  orgId: string,
  id: string,
): Promise<NoticeRow | undefined> {
  const r = await db
    .selectFrom('notices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return r ? toNoticeRow(r) : undefined
}

/** Notices starting in [from, to), latest start first (at most `limit`). */
export async function noticesStartingBetween(
  db: Db,
  orgId: string,
  from: number,
  to: number,
  limit: number,
): Promise<NoticeRow[]> {
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map(toNoticeRow)
}

export async function insertNoticeMessages(
  db: Db,
  rows: readonly NoticeMessageRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('notice_messages')
      .values(
        rows.slice(i, i + 200).map((r) => ({
          id: r.id,
          org_id: r.orgId,
          notice_id: r.noticeId,
          recipient: r.recipient,
          customer_id: r.customerId,
          channel: r.channel,
          address_sealed: r.addressSealed,
          address_masked: r.addressMasked,
          locale: r.locale,
          state: r.state,
          attempts: r.attempts,
          next_at: r.nextAt,
          claimed_at: r.claimedAt,
          sent_at: r.sentAt,
          delivered_at: r.deliveredAt,
          error: r.error,
          created_at: r.createdAt,
        })),
      )
      .execute()
  }
}

type MessageDbRow = {
  id: string
  org_id: string
  notice_id: string
  recipient: string
  customer_id: string | null
  channel: string
  address_sealed: string | null
  address_masked: string
  locale: string
  state: string
  attempts: number
  next_at: number
  claimed_at: number | null
  sent_at: number | null
  delivered_at: number | null
  error: string | null
  created_at: number
}

const num = (v: number | null) => (v === null ? null : Number(v))

function toMessageRow(r: MessageDbRow): NoticeMessageRow {
  return {
    id: r.id,
    orgId: r.org_id,
    noticeId: r.notice_id,
    recipient: r.recipient,
    customerId: r.customer_id,
    channel: r.channel,
    addressSealed: r.address_sealed,
    addressMasked: r.address_masked,
    locale: r.locale,
    state: r.state,
    attempts: Number(r.attempts),
    nextAt: Number(r.next_at),
    claimedAt: num(r.claimed_at),
    sentAt: num(r.sent_at),
    deliveredAt: num(r.delivered_at),
    error: r.error,
    createdAt: Number(r.created_at),
  }
}

/** A notice's messages in the order they were made (at most `limit`). */
export async function messagesOfNotice(
  db: Db,
  orgId: string,
  noticeId: string,
  limit: number,
): Promise<NoticeMessageRow[]> {
  const rows = await db
    .selectFrom('notice_messages')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('notice_id', '=', noticeId)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map(toMessageRow)
}

/** Messages by state for each notice. */
export async function messageStateCounts(
  db: Db,
  orgId: string,
  noticeIds: readonly string[],
): Promise<Array<{ noticeId: string; state: string; count: number }>> {
  if (noticeIds.length === 0) return []
  const rows = await db
    .selectFrom('notice_messages')
    .select(['notice_id', 'state', db.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('notice_id', 'in', [...noticeIds])
    .groupBy(['notice_id', 'state'])
    .execute()
  return rows.map((r) => ({ noticeId: r.notice_id, state: r.state, count: Number(r.n) }))
}

/** Each message's recipient and when it left (sent or delivered), for the compliance reading. */
export async function messageTimings(
  db: Db,
  orgId: string,
  noticeIds: readonly string[],
): Promise<Array<{ noticeId: string; recipient: string; sentAt: number | null }>> {
  if (noticeIds.length === 0) return []
  const rows = await db
    .selectFrom('notice_messages')
    .select(['notice_id', 'recipient', 'state', 'sent_at'])
    .where('org_id', '=', orgId)
    .where('notice_id', 'in', [...noticeIds])
    .execute()
  return rows.map((r) => ({
    noticeId: r.notice_id,
    recipient: r.recipient,
    sentAt: r.state === 'sent' || r.state === 'delivered' ? num(r.sent_at) : null,
  }))
}

const NOTICE_OUTBOX: Outbox<'notice_messages'> = { table: 'notice_messages', waiting: 'queued' }

/**
 * Claims due messages for this instance: queued ones whose time has come, and ones left
 * 'sending' by an instance that stopped longer than `staleMs` ago. Each claim is one
 * conditional UPDATE on the state seen, so two instances never both win a message.
 */
export async function claimDueNoticeMessages(
  db: Db,
  now: number,
  limit: number,
  staleMs: number,
): Promise<NoticeMessageRow[]> {
  return (await claimDueOutboxRows(db, NOTICE_OUTBOX, now, limit, staleMs)).map(toMessageRow)
}

/** Settles a claimed message (only while this claim holds it: `claimedAt`). */
export async function settleNoticeMessage(
  db: Db,
  id: string,
  claimedAt: number,
  outcome: {
    state: 'queued' | 'sent' | 'failed'
    attempts: number
    nextAt: number
    sentAt: number | null
    error: string | null
    /** Cleared once the message will not be sent again. */
    clearAddress: boolean
    /** The SMS cloud's id of the message handed over. */
    providerMessageId?: string | null
  },
): Promise<void> {
  await settleOutboxRow(db, NOTICE_OUTBOX, id, outcome, {
    whileSending: { claimedAt },
    releaseClaim: true,
    also: {
      ...(outcome.clearAddress ? { address_sealed: null } : {}),
      ...(outcome.providerMessageId ? { provider_message_id: outcome.providerMessageId } : {}),
    },
  })
}

/**
 * A cloud's receipt on the sent SMS of the organisation with that cloud id; a message already
 * delivered or failed stays as it is. Whether a message was changed.
 */
export async function recordNoticeReceiptByProviderId(
  db: Db,
  orgId: string,
  providerMessageId: string,
  receipt: { state: 'delivered' | 'failed'; at: number; error: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('notice_messages')
    .set({
      state: receipt.state,
      delivered_at: receipt.state === 'delivered' ? receipt.at : null,
      error: receipt.error,
    })
    .where('org_id', '=', orgId)
    .where('provider_message_id', '=', providerMessageId)
    .where('channel', '=', 'sms')
    .where('state', '=', 'sent')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The organisation of a message (a gateway receipt names only the message). */
export async function findNoticeMessageAnyOrg(
  db: Db,
  id: string,
): Promise<NoticeMessageRow | undefined> {
  const r = await db
    .selectFrom('notice_messages')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return r ? toMessageRow(r) : undefined
}

/** A gateway's receipt on a sent message; a message already delivered or failed stays as it is. */
export async function recordNoticeReceipt(
  db: Db,
  id: string,
  receipt: { state: 'delivered' | 'failed'; at: number; error: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('notice_messages')
    .set({
      state: receipt.state,
      delivered_at: receipt.state === 'delivered' ? receipt.at : null,
      error: receipt.error,
    })
    .where('id', '=', id)
    .where('state', '=', 'sent')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Messages waiting to be sent (monitoring): how many (up to `limit`) and since when. */
export async function noticeOutboxBacklog(
  db: Db,
  now: number,
  limit: number,
): Promise<{ count: number; oldestAt: number | null }> {
  return outboxBacklog(db, NOTICE_OUTBOX, now, limit)
}

/** notice_settings in the sealing sweep: the gateway's secret, keyed by organisation. */
export const noticeSettingsSealingIo: SealingIo<SecretSealingRow> = keyedSealingIo(
  'notice_settings',
  ['gateway_secret'],
  'org_id',
)

/** notice_messages in the sealing sweep: the recipient's address, until the message settles. */
export const noticeMessageSealingIo: SealingIo<SecretSealingRow> = keyedSealingIo(
  'notice_messages',
  ['address_sealed'],
)

/** What an erased notice message shows where the recipient's masked address was. */
export const ERASED_ADDRESS = '—'

/**
 * The notice messages of these customers, and the messages to listed recipients (no customer):
 * a data-rights request compares their addresses (opened) or masked forms.
 */
export async function noticeMessagesForErasure(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
): Promise<NoticeMessageRow[]> {
  const rows = await db
    .selectFrom('notice_messages')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('address_masked', '!=', ERASED_ADDRESS)
    .where((eb) =>
      eb.or([
        eb('customer_id', 'is', null),
        ...(customerIds.length > 0 ? [eb('customer_id', 'in', customerIds)] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toMessageRow)
}

/** Empties notice messages of their address; one still queued is not sent (failed: erased). */
export async function eraseNoticeMessageAddresses(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    await db
      .updateTable('notice_messages')
      .set({ state: 'failed', error: 'erased' })
      .where('org_id', '=', orgId)
      .where('id', 'in', part)
      .where('state', '=', 'queued')
      .execute()
    await db
      .updateTable('notice_messages')
      .set({ address_sealed: null, address_masked: ERASED_ADDRESS })
      .where('org_id', '=', orgId)
      .where('id', 'in', part)
      .execute()
  }
}
