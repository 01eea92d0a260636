import type { Db } from '../db/database.js'
import { newId } from '../shared/ids.js'

export interface Organisation {
  id: string
  name: string
  timezone: string
}

export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

export async function createOrganisation(
  db: Db,
  name: string,
  now: number,
  timezone = DEFAULT_TIMEZONE,
): Promise<Organisation> {
  const organisation = { id: newId(), name, timezone }
  await db
    .insertInto('organisations')
    .values({ ...organisation, created_at: now })
    .execute()
  return organisation
}

export async function findOrganisation(db: Db, orgId: string): Promise<Organisation | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'timezone'])
    .where('id', '=', orgId)
    .executeTakeFirst()
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
