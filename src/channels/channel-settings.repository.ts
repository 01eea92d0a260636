import type { Db } from '../db/database.js'
import {
  keyedSealingIo,
  type SealingIo,
  type SecretSealingRow,
} from '../personal-data/sealed-table.service.js'

/** The tables of migrations 0062, 0066 and 0075: channel_settings, channel_inbound_seen and email_inbox_seen. */

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
  emailEnabled: boolean
  imapHost: string | null
  imapPort: number | null
  imapTls: boolean
  imapUser: string | null
  /** Sealed. */
  imapPassword: string | null
  imapFolder: string | null
  updatedAt: number
}

/** What the last look at the e-mail inbox found: ok, or an error code; null before the first. */
export interface InboxStatus {
  status: string | null
  checkedAt: number | null
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
    emailEnabled: Number(r.email_enabled) === 1,
    imapHost: r.imap_host,
    imapPort: r.imap_port === null ? null : Number(r.imap_port),
    imapTls: r.imap_tls === null || Number(r.imap_tls) === 1,
    imapUser: r.imap_user,
    imapPassword: r.imap_password_sealed,
    imapFolder: r.imap_folder,
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
    email_enabled: row.emailEnabled ? 1 : 0,
    imap_host: row.imapHost,
    imap_port: row.imapPort,
    imap_tls: row.imapTls ? 1 : 0,
    imap_user: row.imapUser,
    imap_password_sealed: row.imapPassword,
    imap_folder: row.imapFolder,
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
    'imap_password_sealed',
  ],
  'org_id',
)

/** The organisations whose e-mail inbox is on, with their settings. */
export async function inboxesToRead(db: Db): Promise<ChannelSettingsRow[]> {
  const rows = await db
    .selectFrom('channel_settings')
    .select('org_id')
    .where('email_enabled', '=', 1)
    .orderBy('org_id')
    .execute()
  const found: ChannelSettingsRow[] = []
  for (const r of rows) {
    const row = await findChannelSettings(db, r.org_id)
    if (row) found.push(row)
  }
  return found
}

export async function findInboxStatus(db: Db, orgId: string): Promise<InboxStatus> {
  const r = await db
    .selectFrom('channel_settings')
    .select(['imap_status', 'imap_checked_at'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return {
    status: r?.imap_status ?? null,
    checkedAt: r?.imap_checked_at == null ? null : Number(r.imap_checked_at),
  }
}

export async function saveInboxStatus(
  db: Db,
  orgId: string,
  status: string,
  checkedAt: number,
): Promise<void> {
  await db
    .updateTable('channel_settings')
    .set({ imap_status: status, imap_checked_at: checkedAt })
    .where('org_id', '=', orgId)
    .execute()
}

/** Which of `keys` were taken before. */
export async function seenInboxKeys(
  db: Db,
  orgId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db
    .selectFrom('email_inbox_seen')
    .select('message_key')
    .where('org_id', '=', orgId)
    .where('message_key', 'in', keys)
    .execute()
  return new Set(rows.map((r) => r.message_key))
}

/** Notes a message as taken; false when another look took it first. */
export async function noteInboxMessage(
  db: Db,
  row: {
    orgId: string
    messageKey: string
    outcome: string
    feedbackId: string | null
    caseId: string | null
  },
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('email_inbox_seen')
    .values({
      org_id: row.orgId,
      message_key: row.messageKey,
      outcome: row.outcome,
      feedback_id: row.feedbackId,
      case_id: row.caseId,
      taken_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'message_key']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/**
 * Cuts the notes of taken mail off the erased feedback and cases they became (a data-rights
 * erasure or the retention job): the Message-ID stays, so the mail is not taken again, but it no
 * longer leads to the erased record. Returns how many notes changed.
 */
export async function unlinkInboxMessages(
  db: Db,
  orgId: string,
  feedbackIds: readonly string[],
  caseIds: readonly string[],
): Promise<number> {
  if (feedbackIds.length === 0 && caseIds.length === 0) return 0
  const result = await db
    .updateTable('email_inbox_seen')
    .set({ feedback_id: null, case_id: null })
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        ...(feedbackIds.length > 0 ? [eb('feedback_id', 'in', feedbackIds)] : []),
        ...(caseIds.length > 0 ? [eb('case_id', 'in', caseIds)] : []),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The messages taken from an organisation's inbox, oldest first (tests and the settings page). */
export async function inboxMessagesTaken(
  db: Db,
  orgId: string,
): Promise<
  Array<{ messageKey: string; outcome: string; feedbackId: string | null; caseId: string | null }>
> {
  const rows = await db
    .selectFrom('email_inbox_seen')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('taken_at')
    .orderBy('message_key')
    .execute()
  return rows.map((r) => ({
    messageKey: r.message_key,
    outcome: r.outcome,
    feedbackId: r.feedback_id,
    caseId: r.case_id,
  }))
}
