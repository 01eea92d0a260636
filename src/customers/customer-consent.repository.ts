import type { Db } from '../db/database.js'

/** The `customer_consents` table: a customer's consent per purpose, the latest word kept. */

export interface ConsentRow {
  customerId: string
  purpose: string
  granted: boolean
  source: string
  recordedAt: number
}

/** Record consent given or withdrawn (the latest replaces the earlier one for the purpose). */
export async function upsertConsent(db: Db, orgId: string, row: ConsentRow): Promise<void> {
  const values = {
    org_id: orgId,
    customer_id: row.customerId,
    purpose: row.purpose,
    granted: row.granted ? 1 : 0,
    source: row.source,
    recorded_at: row.recordedAt,
  }
  await db
    .insertInto('customer_consents')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['org_id', 'customer_id', 'purpose']).doUpdateSet({
        granted: values.granted,
        source: values.source,
        recorded_at: values.recorded_at,
      }),
    )
    .execute()
}

export async function consentsOf(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  purpose?: string,
): Promise<ConsentRow[]> {
  if (customerIds.length === 0) return []
  let query = db
    .selectFrom('customer_consents')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('customer_id', 'in', [...customerIds])
  if (purpose) query = query.where('purpose', '=', purpose)
  const rows = await query.execute()
  return rows.map((r) => ({
    customerId: r.customer_id,
    purpose: r.purpose,
    granted: Number(r.granted) === 1,
    source: r.source,
    recordedAt: Number(r.recorded_at),
  }))
}
