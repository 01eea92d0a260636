import type { Db } from '../db/database.js'
import { readField, storeField, storeIndex } from '../personal-data/personal-field.service.js'
import type { FeedbackTable } from './feedback.table.js'

// The customer's name, e-mail and phone of a feedback record as stored: sealed under the
// application key with blind indexes for lookups (src/personal-data), or plaintext on rows stored
// before migration 0018 until the start-up step seals them. In memory a record always carries
// the plaintext in customer_name/email/phone; only the repository sees the sealed columns.

type PersonalColumns = Pick<
  FeedbackTable,
  | 'customer_name'
  | 'customer_email'
  | 'customer_phone'
  | 'customer_name_sealed'
  | 'customer_email_sealed'
  | 'customer_phone_sealed'
  | 'customer_email_index'
  | 'customer_phone_index'
>

type StoredPersonal = { [K in keyof PersonalColumns]: string | null }

/** The columns to write for a record's customer fields. */
export function sealedCustomerColumns(
  db: Db,
  customer: { name: string | null; email: string | null; phone: string | null },
): StoredPersonal {
  const name = storeField(db, customer.name)
  const email = storeField(db, customer.email)
  const phone = storeField(db, customer.phone)
  return {
    customer_name: name.plain,
    customer_email: email.plain,
    customer_phone: phone.plain,
    customer_name_sealed: name.sealed,
    customer_email_sealed: email.sealed,
    customer_phone_sealed: phone.sealed,
    customer_email_index: storeIndex(db, 'email', customer.email),
    customer_phone_index: storeIndex(db, 'phone', customer.phone),
  }
}

/** A row as inserted: its plaintext customer fields sealed (when the store has the keyring). */
export function sealFeedbackRow<R extends { [K in keyof StoredPersonal]?: string | null }>(
  db: Db,
  row: R,
): R {
  return {
    ...row,
    ...sealedCustomerColumns(db, {
      name: row.customer_name ?? null,
      email: row.customer_email ?? null,
      phone: row.customer_phone ?? null,
    }),
  }
}

/** A read row's customer fields in plaintext. */
export function openCustomer(
  db: Db,
  row: Pick<StoredPersonal, 'customer_name' | 'customer_email' | 'customer_phone'> &
    Partial<
      Pick<
        StoredPersonal,
        'customer_name_sealed' | 'customer_email_sealed' | 'customer_phone_sealed'
      >
    >,
): { name: string | null; email: string | null; phone: string | null } {
  return {
    name: readField(db, row.customer_name, row.customer_name_sealed ?? null),
    email: readField(db, row.customer_email, row.customer_email_sealed ?? null),
    phone: readField(db, row.customer_phone, row.customer_phone_sealed ?? null),
  }
}

/** The sealed columns a read needs beside the plaintext ones. */
export const SEALED_CUSTOMER_COLUMNS = [
  'customer_name_sealed',
  'customer_email_sealed',
  'customer_phone_sealed',
] as const
