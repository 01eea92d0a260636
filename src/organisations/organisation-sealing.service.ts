import {
  type SealedTable,
  type SecretSealingRow,
  secretSealing,
} from '../personal-data/sealed-table.service.js'
import { organisationSealingIo } from './organisation.repository.js'

/** The HMAC key of the organisation's signed links (survey, case-status and booking links). */
export const ORGANISATION_SEALING: SealedTable<SecretSealingRow> = {
  owner: 'organisations',
  table: 'organisations',
  ...secretSealing(['link_secret']),
  io: organisationSealingIo,
}
