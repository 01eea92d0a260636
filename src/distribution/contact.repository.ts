import type { Db } from '../db/database.js'
import { newId } from '../shared/ids.js'
import {
  CONTACT_PERSONAL_COLUMNS,
  openContact,
  sealedContactColumns,
} from './contact-personal-fields.js'
import { sealedUnsubscribe, unsubscribeKeys } from './unsubscribe-personal-fields.js'

/** The `contact_lists`, `contacts` and `unsubscribes` tables: the only code that queries them. */

export interface NewContact {
  email: string | null
  phone: string | null
  name: string
  attributes: Record<string, string>
  /** The contact's organisation unit (the list's `unit` column, a unit code); answers on its links get it. */
  unitId?: string | null
}

export async function insertContactList(
  db: Db,
  list: { id: string; orgId: string; name: string; createdAt: number },
): Promise<void> {
  await db
    .insertInto('contact_lists')
    .values({ id: list.id, org_id: list.orgId, name: list.name, created_at: list.createdAt })
    .execute()
}

/** The id of the organisation's list called `name`, if there is one. */
export async function findContactListIdByName(
  db: Db,
  orgId: string,
  name: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('contact_lists')
    .select('id')
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst()
  return row?.id
}

/**
 * Deletes the organisation's lists named `${namePrefix}…` that hold no contact and that no
 * distribution sends to, except `keep` — the empty lists a segment programme's run with nobody to
 * ask used to leave behind. A list with a contact or a distribution is some run's history (its
 * invitations name its contacts, its funnel names the list) and is never touched. Returns the ids
 * deleted.
 */
export async function deleteEmptyUnsentLists(
  db: Db,
  orgId: string,
  namePrefix: string,
  keep: readonly string[],
): Promise<string[]> {
  let query = db
    .selectFrom('contact_lists as l')
    .select('l.id')
    .where('l.org_id', '=', orgId)
    .where('l.name', 'like', `${namePrefix}%`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('contacts as c')
            .select('c.id')
            .whereRef('c.list_id', '=', 'l.id')
            .where('c.org_id', '=', orgId),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('distributions as d')
            .select('d.id')
            .whereRef('d.list_id', '=', 'l.id')
            .where('d.org_id', '=', orgId),
        ),
      ),
    )
  if (keep.length > 0) query = query.where('l.id', 'not in', [...keep])
  const ids = (await query.execute()).map((r) => r.id)
  if (ids.length > 0)
    await db
      .deleteFrom('contact_lists')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute()
  return ids
}

export async function contactListExists(db: Db, orgId: string, listId: string): Promise<boolean> {
  const row = await db
    .selectFrom('contact_lists')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', listId)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Newest first, each with how many contacts it holds. Lists a programme writes its own audience
 * to (a unit's or a segment's programme: the lists its runs' distributions name) are left out:
 * they are the programme's, not lists a user picks. A programme asking a user's list (audience
 * kind "list", stored as JSON with "kind":"list") leaves that list in.
 */
export async function listContactListsWithCounts(
  db: Db,
  orgId: string,
): Promise<Array<{ id: string; name: string; createdAt: number; contacts: number }>> {
  const programmeLists = db
    .selectFrom('programme_runs as r')
    .innerJoin('programmes as p', 'p.id', 'r.programme_id')
    .innerJoin('distributions as d', 'd.id', 'r.distribution_id')
    .select('d.list_id')
    .where('r.org_id', '=', orgId)
    .where('p.audience', 'not like', '%"kind":"list"%')
  const rows = await db
    .selectFrom('contact_lists as l')
    .leftJoin('contacts as c', 'c.list_id', 'l.id')
    .select((eb) => ['l.id', 'l.name', 'l.created_at', eb.fn.count<number>('c.id').as('contacts')])
    .where('l.org_id', '=', orgId)
    .where('l.id', 'not in', programmeLists)
    .groupBy(['l.id', 'l.name', 'l.created_at'])
    .orderBy('l.created_at', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: Number(r.created_at),
    contacts: Number(r.contacts),
  }))
}

/** Adds the contacts to the list (in batches); their ids, in order. */
export async function insertContacts(
  db: Db,
  orgId: string,
  listId: string,
  contacts: readonly NewContact[],
  now: number,
  idTime?: number,
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < contacts.length; i += 500) {
    const rows = contacts.slice(i, i + 500).map((c) => ({
      id: newId(idTime),
      org_id: orgId,
      list_id: listId,
      ...sealedContactColumns(db, c),
      attributes: JSON.stringify(c.attributes),
      unit_id: c.unitId ?? null,
      created_at: now,
    }))
    await db.insertInto('contacts').values(rows).execute()
    ids.push(...rows.map((r) => r.id))
  }
  return ids
}

export async function listContactIds(db: Db, orgId: string, listId: string): Promise<string[]> {
  return (await listContactAddresses(db, orgId, listId)).map((c) => c.id)
}

/** A list's contacts with the addresses a channel needs (who can be reached by e-mail). */
export async function listContactAddresses(
  db: Db,
  orgId: string,
  listId: string,
): Promise<Array<{ id: string; email: string | null; phone: string | null }>> {
  const rows = await db
    .selectFrom('contacts as c')
    .select(['c.id', ...CONTACT_PERSONAL_COLUMNS])
    .where('c.org_id', '=', orgId)
    .where('c.list_id', '=', listId)
    .execute()
  return rows.map((r) => {
    const contact = openContact(db, r)
    return { id: r.id, email: contact.email, phone: contact.phone }
  })
}

/** Whether the address (any case, a phone in any spelling) opted out of the organisation's invitations. */
export async function isUnsubscribed(db: Db, orgId: string, address: string): Promise<boolean> {
  const row = await db
    .selectFrom('unsubscribes')
    .select('org_id')
    .where('org_id', '=', orgId)
    .where('address', 'in', unsubscribeKeys(db, address))
    .executeTakeFirst()
  return row !== undefined
}

/** Record the opt-out, sealed with its blind index when the store has keys; repeating it is harmless. */
export async function insertUnsubscribe(
  db: Db,
  orgId: string,
  address: string,
  now: number,
): Promise<void> {
  // Under an older key the address has another index: found here, not stored twice.
  if (await isUnsubscribed(db, orgId, address)) return
  await db
    .insertInto('unsubscribes')
    .values({ org_id: orgId, ...sealedUnsubscribe(db, address), created_at: now })
    .onConflict((oc) => oc.columns(['org_id', 'address']).doNothing())
    .execute()
}

/** Contacts of any list whose unit is one of `unitIds` (a programme's unit audience). */
export async function listContactAddressesInUnits(
  db: Db,
  orgId: string,
  unitIds: readonly string[],
): Promise<Array<{ id: string; email: string | null; phone: string | null }>> {
  if (unitIds.length === 0) return []
  const rows = await db
    .selectFrom('contacts as c')
    .select(['c.id', ...CONTACT_PERSONAL_COLUMNS])
    .where('c.org_id', '=', orgId)
    .where('c.unit_id', 'in', [...unitIds])
    .orderBy('c.id')
    .execute()
  return rows.map((r) => {
    const contact = openContact(db, r)
    return { id: r.id, email: contact.email, phone: contact.phone }
  })
}
