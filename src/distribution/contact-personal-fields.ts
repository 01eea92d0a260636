import type { Db } from '../db/database.js'
import {
  openColumnValues,
  type SealedColumns,
  sealedColumnValues,
} from '../personal-data/sealed-table.service.js'

// A contact's name, e-mail and phone as stored: sealed under the application key with blind
// indexes (src/personal-data), or plaintext on rows stored before migration 0018 until the
// start-up step seals them. Repositories read through openContact and write through
// sealedContactColumns; in memory a contact always carries plaintext.

export interface ContactPersonal {
  name: string
  email: string | null
  phone: string | null
}

/** Where a contact keeps each personal field (the sealing sweep's entry, contact-sealing.service.ts). */
export const CONTACT_COLUMNS: SealedColumns<'name' | 'email' | 'phone'> = {
  // `name` is not null: '' once sealed, or when the list gave none.
  name: { plain: 'name', sealed: 'name_sealed', plainNotNull: true },
  email: {
    plain: 'email',
    sealed: 'email_sealed',
    index: { column: 'email_index', kind: 'email' },
  },
  phone: {
    plain: 'phone',
    sealed: 'phone_sealed',
    index: { column: 'phone_index', kind: 'phone' },
  },
}

/** The columns to write for a contact's personal fields (`name` '' once sealed: it is not null). */
export function sealedContactColumns(db: Db, contact: ContactPersonal) {
  return sealedColumnValues(db, CONTACT_COLUMNS, contact) as {
    name: string
    email: string | null
    phone: string | null
    name_sealed: string | null
    email_sealed: string | null
    phone_sealed: string | null
    email_index: string | null
    phone_index: string | null
  }
}

/** A read row's personal fields in plaintext. */
export function openContact(
  db: Db,
  row: {
    name: string
    email: string | null
    phone: string | null
    name_sealed: string | null
    email_sealed: string | null
    phone_sealed: string | null
  },
): ContactPersonal {
  const contact = openColumnValues(db, CONTACT_COLUMNS, row)
  return { name: contact.name ?? '', email: contact.email, phone: contact.phone }
}

/** The columns a join on `contacts as c` reads for openContact. */
export const CONTACT_PERSONAL_COLUMNS = [
  'c.name',
  'c.email',
  'c.phone',
  'c.name_sealed',
  'c.email_sealed',
  'c.phone_sealed',
] as const
