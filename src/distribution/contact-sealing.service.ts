import { sql } from 'kysely'
import {
  columnSealing,
  type SealedTable,
  staleSealed,
} from '../personal-data/sealed-table.service.js'
import { CONTACT_COLUMNS } from './contact-personal-fields.js'
import {
  type ContactSealingRow,
  contactSealingIo,
  type UnsubscribeSealingRow,
  unsubscribeSealingIo,
} from './contact-sealing.repository.js'
import { openUnsubscribe, sealedUnsubscribe } from './unsubscribe-personal-fields.js'

/** Contacts' personal fields in the sealing sweep (src/personal-data/sealed-tables.ts). */
export const CONTACT_SEALING: SealedTable<ContactSealingRow> = {
  owner: 'distribution',
  table: 'contacts',
  ...columnSealing(CONTACT_COLUMNS),
  io: contactSealingIo,
}

/** Opted-out addresses in the sealing sweep: sealed, their key the blind index (migration 0024). */
export const UNSUBSCRIBE_SEALING: SealedTable<UnsubscribeSealingRow> = {
  owner: 'distribution',
  table: 'unsubscribes',
  columns: ['address', 'address_sealed'],
  plan: async (_store, prefix) => ({
    stale: sql<boolean>`(address_sealed is null or ${staleSealed(sql.ref('address_sealed'), prefix)})`,
    reseal: (db, row) => sealedUnsubscribe(db, openUnsubscribe(db, row)),
  }),
  io: unsubscribeSealingIo,
}
