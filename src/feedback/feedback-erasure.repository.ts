import type { Db } from '../db/database.js'

/**
 * The queries of a customer's data-rights request on feedback records: the records by id (or by
 * the answers they came from), their rewrite without personal values, and their attachments.
 */

export interface FeedbackErasureRow {
  id: string
  channel: string
  kind: string
  customer_ref: string | null
  customer_name: string | null
  customer_email: string | null
  customer_phone: string | null
  customer_name_sealed: string | null
  customer_email_sealed: string | null
  customer_phone_sealed: string | null
  text: string
  rating: number | null
  sentiment: string | null
  topics: string | null
  unit_id: string | null
  response_id: string | null
  received_at: number
}

const COLUMNS = [
  'id',
  'channel',
  'kind',
  'customer_ref',
  'customer_name',
  'customer_email',
  'customer_phone',
  'customer_name_sealed',
  'customer_email_sealed',
  'customer_phone_sealed',
  'text',
  'rating',
  'sentiment',
  'topics',
  'unit_id',
  'response_id',
  'received_at',
] as const

/** Feedback records by id, and those that came from the answers `responseIds`. */
export async function feedbackForRights(
  db: Db,
  orgId: string,
  ids: readonly string[],
  responseIds: readonly string[],
): Promise<FeedbackErasureRow[]> {
  const out = new Map<string, FeedbackErasureRow>()
  for (const [column, values] of [
    ['id', ids],
    ['response_id', responseIds],
  ] as const) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db
        .selectFrom('feedback')
        .select(COLUMNS)
        .where('org_id', '=', orgId)
        .where(column, 'in', values.slice(i, i + 500))
        .execute()
      for (const row of rows) out.set(row.id, row)
    }
  }
  return [...out.values()].sort((a, b) => Number(a.received_at) - Number(b.received_at))
}

/**
 * Removes the personal values of these records: the customer's name, e-mail, phone (plaintext,
 * sealed and blind index), reference and words. Kind, channel, scores, sentiment, topics, unit,
 * times and the source system's id stay (the complaint counts and text statistics built on them;
 * a re-import of the same hotline file still adds nothing).
 */
export async function eraseFeedbackRows(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<number> {
  let erased = 0
  for (let i = 0; i < ids.length; i += 500) {
    const result = await db
      .updateTable('feedback')
      .set({
        customer_ref: null,
        customer_name: null,
        customer_email: null,
        customer_phone: null,
        customer_name_sealed: null,
        customer_email_sealed: null,
        customer_phone_sealed: null,
        customer_email_index: null,
        customer_phone_index: null,
        text: '',
      })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500))
      .executeTakeFirst()
    erased += Number(result.numUpdatedRows)
  }
  return erased
}

export async function attachmentsOf(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Array<{ feedback_id: string; filename: string; size: number }>> {
  if (ids.length === 0) return []
  return db
    .selectFrom('feedback_attachments')
    .select(['feedback_id', 'filename', 'size'])
    .where('org_id', '=', orgId)
    .where('feedback_id', 'in', [...ids].slice(0, 500))
    .execute()
}

export async function deleteAttachmentsOf(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .deleteFrom('feedback_attachments')
      .where('org_id', '=', orgId)
      .where('feedback_id', 'in', ids.slice(i, i + 500))
      .execute()
}

/** Records received before `before` still holding a personal value (the retention's next batch). */
export async function feedbackHoldingPersonalBefore(
  db: Db,
  orgId: string,
  before: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('feedback')
    .select('id')
    .where('org_id', '=', orgId)
    .where('received_at', '<', before)
    .where((eb) =>
      eb.or([
        eb('customer_ref', 'is not', null),
        eb('customer_name', 'is not', null),
        eb('customer_email', 'is not', null),
        eb('customer_phone', 'is not', null),
        eb('customer_name_sealed', 'is not', null),
        eb('customer_email_sealed', 'is not', null),
        eb('customer_phone_sealed', 'is not', null),
        eb('text', '!=', ''),
      ]),
    )
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}
