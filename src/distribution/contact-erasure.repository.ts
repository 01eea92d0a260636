import type { Db } from '../db/database.js'
import { CONTACT_PERSONAL_COLUMNS } from './contact-personal-fields.js'

/**
 * The queries of a customer's data-rights request on contact lists: the contacts holding one of
 * the customer's addresses (by blind index, or the plaintext of a store without keys), and their
 * rewrite without personal values. Invitations keep pointing at the emptied contact, so the funnel
 * counts of every distribution stay as they were.
 */

export interface ContactRightsRow {
  id: string
  list_id: string
  list_name: string
  name: string
  email: string | null
  phone: string | null
  name_sealed: string | null
  email_sealed: string | null
  phone_sealed: string | null
  attributes: string
  created_at: number
}

export async function contactsByAddress(
  db: Db,
  orgId: string,
  match: { emailKeys: readonly string[]; phoneKeys: readonly string[] },
): Promise<ContactRightsRow[]> {
  const { emailKeys, phoneKeys } = match
  if (emailKeys.length === 0 && phoneKeys.length === 0) return []
  return db
    .selectFrom('contacts as c')
    .innerJoin('contact_lists as l', 'l.id', 'c.list_id')
    .select([
      'c.id',
      'c.list_id',
      'l.name as list_name',
      ...CONTACT_PERSONAL_COLUMNS,
      'c.attributes',
      'c.created_at',
    ])
    .where('c.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        ...(emailKeys.length > 0
          ? [eb('c.email_index', 'in', [...emailKeys]), eb('c.email', 'in', [...emailKeys])]
          : []),
        ...(phoneKeys.length > 0
          ? [eb('c.phone_index', 'in', [...phoneKeys]), eb('c.phone', 'in', [...phoneKeys])]
          : []),
      ]),
    )
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute()
}

export async function eraseContactRows(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .updateTable('contacts')
      .set({
        name: '',
        email: null,
        phone: null,
        name_sealed: null,
        email_sealed: null,
        phone_sealed: null,
        email_index: null,
        phone_index: null,
        attributes: '{}',
      })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
}

/** Contacts added before `before` still holding a personal value (the retention's next batch). */
export async function contactsHoldingPersonalBefore(
  db: Db,
  orgId: string,
  before: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('contacts')
    .select('id')
    .where('org_id', '=', orgId)
    .where('created_at', '<', before)
    .where((eb) =>
      eb.or([
        eb('name', '!=', ''),
        eb('email', 'is not', null),
        eb('phone', 'is not', null),
        eb('name_sealed', 'is not', null),
        eb('email_sealed', 'is not', null),
        eb('phone_sealed', 'is not', null),
        eb('attributes', '!=', '{}'),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}
