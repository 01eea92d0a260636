import {
  type SealedTable,
  type SecretSealingRow,
  secretSealing,
} from '../personal-data/sealed-table.service.js'
import { channelSettingsSealingIo } from './channel-settings.repository.js'

/** The SMS cloud keys, the WeChat token, AppSecret and EncodingAESKey the chat webhook's secret and the e-mail inbox's password. */
export const CHANNEL_SETTINGS_SEALING: SealedTable<SecretSealingRow> = {
  owner: 'channels',
  table: 'channel_settings',
  ...secretSealing([
    'sms_key_id_sealed',
    'sms_key_secret_sealed',
    'sms_receipt_token_sealed',
    'wechat_token_sealed',
    'wechat_app_secret_sealed',
    'wechat_aes_key_sealed',
    'chat_secret_sealed',
    'imap_password_sealed',
  ]),
  io: channelSettingsSealingIo,
}
