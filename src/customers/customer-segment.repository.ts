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

/** Whether another segment of the organisation (not `exceptId`) has this name. */
export async function segmentNameTaken(
  db: Db,
  orgId: string,
  name: string,
  exceptId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('customer_segments')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .where('id', '<>', exceptId)
    .executeTakeFirst()
  return row !== undefined
}

export async function updateSegment(
  db: Db,
  orgId: string,
  id: string,
  values: Pick<CustomerSegmentRow, 'name' | 'unit_id' | 'tiers'>,
): Promise<boolean> {
  const result = await db
    .updateTable('customer_segments')
    .set(values)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function deleteSegment(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('customer_segments')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
