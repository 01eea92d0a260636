import { CUSTOMER_KEY_SEALING } from '../customers/customer-sealing.service.js'
import { CONTACT_SEALING, UNSUBSCRIBE_SEALING } from '../distribution/contact-sealing.service.js'
import { FEEDBACK_SEALING } from '../feedback/feedback-sealing.service.js'
import { DRAFT_SEALING, RESPONSE_SEALING } from '../responses/response-sealing.service.js'
import type { SealedTable } from './sealed-table.service.js'

/**
 * Every table holding customers' personal values, each given by its owner's service (which does
 * the table's queries): what the start-up sweep, `manyi keys encrypt-existing` and `manyi keys
 * reseal` go through, in this order. A new table with personal values needs an entry here (and a
 * line in docs/personal-data.md); personal-data-scan.test.ts looks for plaintext in every column.
 */
export const SEALED_TABLES = [
  FEEDBACK_SEALING,
  CONTACT_SEALING,
  UNSUBSCRIBE_SEALING,
  RESPONSE_SEALING,
  DRAFT_SEALING,
  CUSTOMER_KEY_SEALING,
] as const satisfies ReadonlyArray<SealedTable<{ id: string }>>

/** A table the sweep seals. */
export type SealedTableName = (typeof SEALED_TABLES)[number]['table']
