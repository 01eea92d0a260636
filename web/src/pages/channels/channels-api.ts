import type {
  ChannelSettings,
  ChannelSettingsBody,
  InboxCheck,
} from '../../../../src/channels/channel-settings.schema'
import { api } from '../../api/client'

// The organisation's channels (SMS gateway, WeChat Official Account, chat webhook, e-mail inbox). Types
// inferred from the server's schemas.

export type { ChannelSettings, SecretHint } from '../../../../src/channels/channel-settings.schema'

export const fetchChannelSettings = () => api<ChannelSettings>('GET', '/channel-settings')
export const saveChannelSettings = (input: ChannelSettingsBody) =>
  api<ChannelSettings>('PUT', '/channel-settings', input)
/** One look at the e-mail inbox now; its outcome is also kept on the settings. */
export const checkEmailInbox = () => api<InboxCheck>('POST', '/channel-settings/email-inbox/check')
