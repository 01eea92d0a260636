import type { Insertable } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { CaseEventTable } from './case.table.js'

// The only code that queries `case_events`, a case's timeline.

export interface CaseEventRecord {
  id: string
  orgId: string
  caseId: string
  type: string
  visibility: 'internal' | 'customer'
  actorType: string
  actorId: string
  body: string | null
  detail: Record<string, unknown>
  /** Replies to the customer: pending | sending | sent | failed | none; null for everything else. */
  delivery: string | null
  deliveryError: string | null
  createdAt: number
}

const Visibility = z.enum(['internal', 'customer'])
const Detail = z.record(z.string(), z.unknown())

function toRow(event: CaseEventRecord): Insertable<CaseEventTable> {
  return {
    id: event.id,
    org_id: event.orgId,
    case_id: event.caseId,
    type: event.type,
    visibility: event.visibility,
    actor_type: event.actorType,
    actor_id: event.actorId,
    body: event.body,
    detail: JSON.stringify(event.detail),
    delivery: event.delivery,
    delivery_error: event.deliveryError,
    created_at: event.createdAt,
  }
}

export async function insertCaseEvent(db: Db, event: CaseEventRecord): Promise<void> {
  await db.insertInto('case_events').values(toRow(event)).execute()
}

/** Many timeline lines at once (the demo loader), in chunks that stay under SQLite's bound-parameter limit. */
export async function insertCaseEvents(db: Db, events: readonly CaseEventRecord[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500)
    await db
      .insertInto('case_events')
      .values(events.slice(i, i + 500).map(toRow))
      .execute()
}

/** A case's timeline, oldest first. */
export async function listCaseEvents(db: Db, caseId: string): Promise<CaseEventRecord[]> {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((e) => ({
    id: e.id,
    orgId: e.org_id,
    caseId: e.case_id,
    type: e.type,
    visibility: Visibility.parse(e.visibility),
    actorType: e.actor_type,
    actorId: e.actor_id,
    body: e.body,
    detail: Detail.parse(JSON.parse(e.detail)),
    delivery: e.delivery,
    deliveryError: e.delivery_error,
    createdAt: Number(e.created_at),
  }))
}

/** Replies waiting to be sent (e-mail, SMS or WeChat, `detail.via`), of every organisation. */
export async function pendingReplies(
  db: Db,
  limit: number,
): Promise<
  Array<{
    id: string
    orgId: string
    caseId: string
    body: string | null
    detail: Record<string, unknown>
  }>
> {
  const rows = await db
    .selectFrom('case_events')
    .select(['id', 'org_id', 'case_id', 'body', 'detail'])
    .where('delivery', '=', 'pending')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    caseId: r.case_id,
    body: r.body,
    detail: Detail.parse(JSON.parse(r.detail)),
  }))
}

/** pending → sending; false when another instance claimed it first. */
export async function claimReply(db: Db, eventId: string): Promise<boolean> {
  const claimed = await db
    .updateTable('case_events')
    .set({ delivery: 'sending' })
    .where('id', '=', eventId)
    .where('delivery', '=', 'pending')
    .executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

export async function recordReplyDelivery(
  db: Db,
  eventId: string,
  outcome:
    | { delivery: 'sent'; error: null; providerMessageId?: string | null }
    | { delivery: 'failed'; error: string }
    | { delivery: 'none'; error: string },
): Promise<void> {
  await db
    .updateTable('case_events')
    .set({
      delivery: outcome.delivery,
      delivery_error: outcome.error,
      ...('providerMessageId' in outcome && outcome.providerMessageId
        ? { provider_message_id: outcome.providerMessageId }
        : {}),
    })
    .where('id', '=', eventId)
    .execute()
}

/**
 * An SMS cloud's receipt on a reply or status message of the organisation sent with that cloud
 * id: sent becomes delivered or failed; one already settled stays. Whether one was changed.
 */
export async function recordReplyReceiptByProviderId(
  db: Db,
  orgId: string,
  providerMessageId: string,
  receipt: { delivered: boolean; error: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('case_events')
    .set({
      delivery: receipt.delivered ? 'delivered' : 'failed',
      delivery_error: receipt.delivered ? null : receipt.error,
    })
    .where('org_id', '=', orgId)
    .where('provider_message_id', '=', providerMessageId)
    .where('delivery', '=', 'sent')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
