import type { Db } from '../db/database.js'

// TEMPORARY: the feedback a case needs, until feedback's service exports these functions
// (src/feedback/feedback-lookup.service.ts, same names and shapes); then this file goes.

export interface FeedbackForCase {
  text: string
  channel: string
  kind: string
  nps: number | null
  csat: number | null
  store: string | null
  customerRef: string | null
  customerName: string | null
  customerEmail: string | null
  customerPhone: string | null
}

export async function feedbackForCases(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, FeedbackForCase>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('feedback')
    .select([
      'id',
      'text',
      'channel',
      'kind',
      'nps',
      'csat',
      'store',
      'customer_ref',
      'customer_name',
      'customer_email',
      'customer_phone',
    ])
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(
    rows.map((r) => [
      r.id,
      {
        text: r.text,
        channel: r.channel,
        kind: r.kind,
        nps: r.nps,
        csat: r.csat,
        store: r.store,
        customerRef: r.customer_ref,
        customerName: r.customer_name,
        customerEmail: r.customer_email,
        customerPhone: r.customer_phone,
      },
    ]),
  )
}

export async function feedbackIdsByContact(db: Db, orgId: string, text: string): Promise<string[]> {
  const rows = await db
    .selectFrom('feedback')
    .select('id')
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([eb('customer_phone', '=', text), eb('customer_email', '=', text.toLowerCase())]),
    )
    .execute()
  return rows.map((r) => r.id)
}
