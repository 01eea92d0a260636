import type { Db } from '../db/database.js'
import {
  keyedSealingIo,
  type SealingIo,
  type SecretSealingRow,
} from '../personal-data/sealed-table.service.js'

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

/**
 * Writes the link secret stored as `from` again as `to` (the same secret sealed under the current
 * key); a no-op if it changed meanwhile (a concurrent reader sealed it first).
 */
export async function resealLinkSecret(
  db: Db,
  orgId: string,
  from: string,
  to: string,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ link_secret: to })
    .where('id', '=', orgId)
    .where('link_secret', '=', from)
    .execute()
}

/** organisations in the sealing sweep: the link secret, keyed by organisation. */
export const organisationSealingIo: SealingIo<SecretSealingRow> = keyedSealingIo('organisations', [
  'link_secret',
])

export interface OrganisationStatusRecord extends OrganisationRecord {
  createdAt: number
  suspendedAt: number | null
}

/** Organisations with when they were made and suspended, oldest first; only `ids` when given. */
export async function listOrganisationStatusRecords(
  db: Db,
  ids?: readonly string[],
): Promise<OrganisationStatusRecord[]> {
  if (ids && ids.length === 0) return []
  let query = db
    .selectFrom('organisations')
    .select(['id', 'name', 'timezone', 'created_at', 'suspended_at'])
    .orderBy('created_at')
    .orderBy('id')
  if (ids) query = query.where('id', 'in', ids)
  const rows = await query.execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    timezone: r.timezone,
    createdAt: Number(r.created_at),
    suspendedAt: r.suspended_at === null ? null : Number(r.suspended_at),
  }))
}

/** When the organisation was suspended: null when active, undefined when there is none. */
export async function findSuspendedAt(db: Db, orgId: string): Promise<number | null | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('suspended_at')
    .where('id', '=', orgId)
    .executeTakeFirst()
  if (!row) return undefined
  return row.suspended_at === null ? null : Number(row.suspended_at)
}

export async function setSuspendedAt(
  db: Db,
  orgId: string,
  suspendedAt: number | null,
): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ suspended_at: suspendedAt })
    .where('id', '=', orgId)
    .execute()
}
