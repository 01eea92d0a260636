import type { Db } from '../db/database.js'
import { lookupIndexes } from '../personal-data/personal-field.service.js'
import { openContact } from './contact-personal-fields.js'
import {
  contactsByAddress,
  contactsHoldingPersonalBefore,
  eraseContactRows,
} from './contact-erasure.repository.js'
import { deleteTouchesOfContacts } from './contact-rules.repository.js'

// A customer's data-rights request on contact lists (src/customers/data-rights.service.ts drives
// it): the contacts with one of the customer's e-mail addresses or phone numbers, and their
// erasure. Opt-outs (unsubscribes) are kept on purpose: the suppression entry — a blind index and
// the sealed address — is what honours the customer's objection to further invitations.

export interface ContactExport {
  id: string
  list: string
  name: string
  email: string | null
  phone: string | null
  attributes: Record<string, unknown>
  createdAt: number
}

function matchOf(db: Db, addresses: { emails: readonly string[]; phones: readonly string[] }) {
  return {
    emailKeys: addresses.emails.flatMap((e) => [e, ...lookupIndexes(db, 'email', e)]),
    phoneKeys: addresses.phones.flatMap((p) => [p, ...lookupIndexes(db, 'phone', p)]),
  }
}

function parseAttributes(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** The contacts holding one of these (normalised) addresses, opened. */
export async function exportContacts(
  db: Db,
  orgId: string,
  addresses: { emails: readonly string[]; phones: readonly string[] },
): Promise<ContactExport[]> {
  const rows = await contactsByAddress(db, orgId, matchOf(db, addresses))
  return rows.map((r) => ({
    id: r.id,
    list: r.list_name,
    ...openContact(db, r),
    attributes: parseAttributes(r.attributes),
    createdAt: Number(r.created_at),
  }))
}

/** Empty the contacts holding one of these addresses; returns their ids. */
export async function eraseContacts(
  db: Db,
  orgId: string,
  addresses: { emails: readonly string[]; phones: readonly string[] },
): Promise<string[]> {
  const ids = (await contactsByAddress(db, orgId, matchOf(db, addresses))).map((r) => r.id)
  await deleteTouchesOfContacts(db, orgId, ids)
  await eraseContactRows(db, orgId, ids)
  return ids
}

/** The retention policy on contact lists: up to `limit` entries added before `before` emptied. */
export async function expireContacts(
  db: Db,
  orgId: string,
  before: number,
  limit: number,
): Promise<number> {
  const ids = await contactsHoldingPersonalBefore(db, orgId, before, limit)
  await deleteTouchesOfContacts(db, orgId, ids)
  await eraseContactRows(db, orgId, ids)
  return ids.length
}
