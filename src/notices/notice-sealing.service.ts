import {
  type SealedTable,
  type SecretSealingRow,
  secretSealing,
} from '../personal-data/sealed-table.service.js'
import { noticeMessageSealingIo, noticeSettingsSealingIo } from './notice.repository.js'

/** The notice gateway's signing secret in the sealing sweep (`manyi keys reseal`). */
export const NOTICE_SETTINGS_SEALING: SealedTable<SecretSealingRow> = {
  owner: 'notices',
  table: 'notice_settings',
  ...secretSealing(['gateway_secret']),
  io: noticeSettingsSealingIo,
}

/** Notice recipients' phone numbers and e-mail addresses, kept sealed until the message settles. */
export const NOTICE_MESSAGE_SEALING: SealedTable<SecretSealingRow> = {
  owner: 'notices',
  table: 'notice_messages',
  ...secretSealing(['address_sealed']),
  io: noticeMessageSealingIo,
}
