import type { Db } from '../db/database.js'
import { readField, storeField, storeIndex } from '../personal-data/personal-field.service.js'

// A contact's name, e-mail and phone as stored: sealed under the application key with blind
// indexes (src/personal-data), or plaintext on rows stored before migration 0018 until the
// start-up step seals them. Repositories read through openContact and write through
// sealedContactColumns; in memory a contact always carries plaintext.

export interface ContactPersonal {
  name: string
  email: string | null
  phone: string | null
}

/** The columns to write for a contact's personal fields (`name` '' once sealed: it is not null). */
export function sealedContactColumns(db: Db, contact: ContactPersonal) {
  const name = storeField(db, contact.name)
  const email = storeField(db, contact.email)
  const phone = storeField(db, contact.phone)
  return {
    name: name.plain ?? '',
    email: email.plain,
    phone: phone.plain,
    name_sealed: name.sealed,
    email_sealed: email.sealed,
    phone_sealed: phone.sealed,
    email_index: storeIndex(db, 'email', contact.email),
    phone_index: storeIndex(db, 'phone', contact.phone),
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
  return {
    name: readField(db, row.name, row.name_sealed) ?? '',
    email: readField(db, row.email, row.email_sealed),
    phone: readField(db, row.phone, row.phone_sealed),
  }
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
