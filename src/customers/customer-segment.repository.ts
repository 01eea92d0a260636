import type { Db } from '../db/database.js'
import type { CustomerSegmentTable } from './customer-segment.table.js'

/** The `customer_segments` table: the only code that queries it. */

export type CustomerSegmentRow = CustomerSegmentTable

/** False when the organisation has a segment of this name already (nothing written). */
export async function insertSegment(db: Db, row: CustomerSegmentRow): Promise<boolean> {
  const result = await db
    .insertInto('customer_segments')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

export async function findSegment(
  db: Db,
  orgId: string,
  id: string,
): Promise<CustomerSegmentRow | undefined> {
  return db
    .selectFrom('customer_segments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function listSegments(db: Db, orgId: string): Promise<CustomerSegmentRow[]> {
  return db
    .selectFrom('customer_segments')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute()
}
