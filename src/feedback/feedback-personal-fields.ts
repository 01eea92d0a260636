import type { Db } from '../db/database.js'
import {
  openColumnValues,
  type SealedColumns,
  sealedColumnValues,
} from '../personal-data/sealed-table.service.js'
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

/** Where feedback keeps each customer field (the sealing sweep's entry, feedback-sealing.service.ts). */
export const CUSTOMER_COLUMNS: SealedColumns<'name' | 'email' | 'phone'> = {
  name: { plain: 'customer_name', sealed: 'customer_name_sealed' },
  email: {
    plain: 'customer_email',
    sealed: 'customer_email_sealed',
    index: { column: 'customer_email_index', kind: 'email' },
  },
  phone: {
    plain: 'customer_phone',
    sealed: 'customer_phone_sealed',
    index: { column: 'customer_phone_index', kind: 'phone' },
  },
}

/** The columns to write for a record's customer fields. */
export function sealedCustomerColumns(
  db: Db,
  customer: { name: string | null; email: string | null; phone: string | null },
): StoredPersonal {
  return sealedColumnValues(db, CUSTOMER_COLUMNS, customer) as StoredPersonal
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
  return openColumnValues(db, CUSTOMER_COLUMNS, row)
}

/** The sealed columns a read needs beside the plaintext ones. */
export const SEALED_CUSTOMER_COLUMNS = [
  'customer_name_sealed',
  'customer_email_sealed',
  'customer_phone_sealed',
] as const
