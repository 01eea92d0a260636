import type {
  ChannelSettings,
  ChannelSettingsBody,
} from '../../../../src/channels/channel-settings.schema'
import { api } from '../../api/client'

// The organisation's channels (SMS gateway, WeChat Official Account, chat webhook). Types
// inferred from the server's schemas.

export type { ChannelSettings, SecretHint } from '../../../../src/channels/channel-settings.schema'

export const fetchChannelSettings = () => api<ChannelSettings>('GET', '/channel-settings')
export const saveChannelSettings = (input: ChannelSettingsBody) =>
  api<ChannelSettings>('PUT', '/channel-settings', input)
