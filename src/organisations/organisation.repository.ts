import type { Db } from '../db/database.js'

/** The `organisations` table: the only code that queries it. */

export interface OrganisationRecord {
  id: string
  name: string
  timezone: string
}

export async function insertOrganisation(
  db: Db,
  organisation: OrganisationRecord,
  createdAt: number,
): Promise<void> {
  await db
    .insertInto('organisations')
    .values({ ...organisation, created_at: createdAt })
    .execute()
}

export async function findOrganisationRecord(
  db: Db,
  orgId: string,
): Promise<OrganisationRecord | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'name', 'timezone'])
    .where('id', '=', orgId)
    .executeTakeFirst()
  return row && { id: row.id, name: row.name, timezone: row.timezone }
}

export async function listOrganisationRecords(db: Db): Promise<OrganisationRecord[]> {
  const rows = await db.selectFrom('organisations').select(['id', 'name', 'timezone']).execute()
  return rows.map((r) => ({ id: r.id, name: r.name, timezone: r.timezone }))
}

export async function countOrganisationRows(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The oldest organisation's id, or `orgId` if it exists. */
export async function firstOrganisationId(db: Db, orgId?: string): Promise<string | undefined> {
  let query = db.selectFrom('organisations').select('id').orderBy('created_at').limit(1)
  if (orgId) query = query.where('id', '=', orgId)
  return (await query.executeTakeFirst())?.id
}

/** SELECT … FOR UPDATE of the organisation's row (callers check the dialect has row locks). */
export async function lockOrganisationRow(trx: Db, orgId: string): Promise<void> {
  await trx.selectFrom('organisations').select('id').where('id', '=', orgId).forUpdate().execute()
}

/** Sets the link secret unless one is set (concurrent first uses agree on one); the stored one. */
export async function ensureLinkSecret(db: Db, orgId: string, candidate: string): Promise<string> {
  await db
    .updateTable('organisations')
    .set({ link_secret: candidate })
    .where('id', '=', orgId)
    .where('link_secret', 'is', null)
    .execute()
  const row = await db
    .selectFrom('organisations')
    .select('link_secret')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow()
  return row.link_secret!
}
