import type { Db } from '../db/database.js'
import {
  keyedSealingIo,
  type SealingIo,
  type SecretSealingRow,
} from '../personal-data/sealed-table.service.js'

/** The tables of migrations 0062 and 0066: channel_settings and channel_inbound_seen. */

export interface ChannelSettingsRow {
  orgId: string
  smsProvider: string
  /** Sealed. */
  smsKeyId: string | null
  /** Sealed. */
  smsKeySecret: string | null
  smsSignName: string | null
  smsSdkAppId: string | null
  smsRegion: string | null
  smsEndpoint: string | null
  smsNoticeTemplateId: string | null
  smsReplyTemplateId: string | null
  smsStatusTemplateId: string | null
  wechatEnabled: boolean
  wechatAppId: string | null
  /** Sealed. */
  wechatToken: string | null
  /** Sealed. */
  wechatAppSecret: string | null
  wechatApiBase: string | null
  /** Sealed. The EncodingAESKey of safe mode; null: plain mode. */
  wechatAesKey: string | null
  chatEnabled: boolean
  /** Sealed. */
  chatSecret: string | null
  updatedAt: number
}

export async function findChannelSettings(
  db: Db,
  orgId: string,
): Promise<ChannelSettingsRow | undefined> {
  const r = await db
    .selectFrom('channel_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (!r) return undefined
  return {
    orgId: r.org_id,
    smsProvider: r.sms_provider,
    smsKeyId: r.sms_key_id_sealed,
    smsKeySecret: r.sms_key_secret_sealed,
    smsSignName: r.sms_sign_name,
    smsSdkAppId: r.sms_sdk_app_id,
    smsRegion: r.sms_region,
    smsEndpoint: r.sms_endpoint,
    smsNoticeTemplateId: r.sms_notice_template_id,
    smsReplyTemplateId: r.sms_reply_template_id,
    smsStatusTemplateId: r.sms_status_template_id,
    wechatEnabled: Number(r.wechat_enabled) === 1,
    wechatAppId: r.wechat_app_id,
    wechatToken: r.wechat_token_sealed,
    wechatAppSecret: r.wechat_app_secret_sealed,
    wechatApiBase: r.wechat_api_base,
    wechatAesKey: r.wechat_aes_key_sealed,
    chatEnabled: Number(r.chat_enabled) === 1,
    chatSecret: r.chat_secret_sealed,
    updatedAt: Number(r.updated_at),
  }
}

export async function saveChannelSettings(db: Db, row: ChannelSettingsRow): Promise<void> {
  const values = {
    sms_provider: row.smsProvider,
    sms_key_id_sealed: row.smsKeyId,
    sms_key_secret_sealed: row.smsKeySecret,
    sms_sign_name: row.smsSignName,
    sms_sdk_app_id: row.smsSdkAppId,
    sms_region: row.smsRegion,
    sms_endpoint: row.smsEndpoint,
    sms_notice_template_id: row.smsNoticeTemplateId,
    sms_reply_template_id: row.smsReplyTemplateId,
    sms_status_template_id: row.smsStatusTemplateId,
    wechat_enabled: row.wechatEnabled ? 1 : 0,
    wechat_app_id: row.wechatAppId,
    wechat_token_sealed: row.wechatToken,
    wechat_app_secret_sealed: row.wechatAppSecret,
    wechat_api_base: row.wechatApiBase,
    wechat_aes_key_sealed: row.wechatAesKey,
    chat_enabled: row.chatEnabled ? 1 : 0,
    chat_secret_sealed: row.chatSecret,
    updated_at: row.updatedAt,
  }
  await db
    .insertInto('channel_settings')
    .values({ org_id: row.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
}

/**
 * Notes a signed request as taken; false when it was taken before (a replay). Rows older than
 * `forgetBefore` are deleted first: a request that old is refused by its timestamp anyway.
 */
export async function noteInboundRequest(
  db: Db,
  key: { orgId: string; channel: string; requestKey: string },
  now: number,
  forgetBefore: number,
): Promise<boolean> {
  await db.deleteFrom('channel_inbound_seen').where('seen_at', '<', forgetBefore).execute()
  const result = await db
    .insertInto('channel_inbound_seen')
    .values({
      org_id: key.orgId,
      channel: key.channel,
      request_key: key.requestKey,
      seen_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'channel', 'request_key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Whether a signed request was noted (and not yet forgotten). */
export async function inboundRequestSeen(
  db: Db,
  key: { orgId: string; channel: string; requestKey: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('channel_inbound_seen')
    .select('request_key')
    .where('org_id', '=', key.orgId)
    .where('channel', '=', key.channel)
    .where('request_key', '=', key.requestKey)
    .executeTakeFirst()
  return row !== undefined
}

/** channel_settings in the sealing sweep: the credentials, keyed by organisation. */
export const channelSettingsSealingIo: SealingIo<SecretSealingRow> = keyedSealingIo(
  'channel_settings',
  [
    'sms_key_id_sealed',
    'sms_key_secret_sealed',
    'sms_receipt_token_sealed',
    'wechat_token_sealed',
    'wechat_app_secret_sealed',
    'wechat_aes_key_sealed',
    'chat_secret_sealed',
  ],
  'org_id',
)
