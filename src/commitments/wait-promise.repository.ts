import type { Db } from '../db/database.js'

/** The table of migration 0079: wait_promises. */

export interface WaitPromiseRow {
  orgId: string
  /** '' = the organisation's default. */
  unitKey: string
  minutes: number
  withinPercent: number
  updatedBy: string
  updatedAt: number
}

export async function listWaitPromiseRows(db: Db, orgId: string): Promise<WaitPromiseRow[]> {
  const rows = await db
    .selectFrom('wait_promises')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('unit_key')
    .execute()
  return rows.map((r) => ({
    orgId: r.org_id,
    unitKey: r.unit_key,
    minutes: Number(r.minutes),
    withinPercent: Number(r.within_percent),
    updatedBy: r.updated_by,
    updatedAt: Number(r.updated_at),
  }))
}

/** Sets the promise of a unit (or the default); a second write replaces the first. */
export async function upsertWaitPromise(db: Db, row: WaitPromiseRow): Promise<void> {
  const values = {
    minutes: row.minutes,
    within_percent: row.withinPercent,
    updated_by: row.updatedBy,
    updated_at: row.updatedAt,
  }
  await db
    .insertInto('wait_promises')
    .values({ org_id: row.orgId, unit_key: row.unitKey, ...values })
    .onConflict((oc) => oc.columns(['org_id', 'unit_key']).doUpdateSet(values))
    .execute()
}

export async function deleteWaitPromise(db: Db, orgId: string, unitKey: string): Promise<boolean> {
  const result = await db
    .deleteFrom('wait_promises')
    .where('org_id', '=', orgId)
    .where('unit_key', '=', unitKey)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
