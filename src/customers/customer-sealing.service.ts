import { sql } from 'kysely'
import { type SealedTable, staleSealed } from '../personal-data/sealed-table.service.js'
import { isKeyKind, openKey, sealedKey } from './customer-keys.js'
import { type CustomerKeySealingRow, customerKeySealingIo } from './customer.repository.js'

/**
 * Customers' identity keys in the sealing sweep (src/personal-data/sealed-tables.service.ts):
 * a key stored without keys (plaintext `lookup`, no `value_sealed`) or sealed under an older key
 * is sealed again and given its blind index under the current key (`manyi keys reseal`).
 */
export const CUSTOMER_KEY_SEALING: SealedTable<CustomerKeySealingRow> = {
  owner: 'customers',
  table: 'customer_keys',
  columns: ['lookup', 'value_sealed'],
  plan: async (_store, prefix) => ({
    stale: sql<boolean>`(value_sealed is null or ${staleSealed(sql.ref('value_sealed'), prefix)})`,
    reseal: (db, row) => {
      if (!isKeyKind(row.kind)) throw new Error(`Unknown customer key kind ${row.kind}`)
      return sealedKey(db, { kind: row.kind, value: openKey(db, row) })
    },
  }),
  io: customerKeySealingIo,
}
