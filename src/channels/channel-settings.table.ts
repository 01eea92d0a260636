import type { ColumnType } from 'kysely'

/** An organisation's channel settings (migration 0062); every credential sealed. */
export interface ChannelSettingsTable {
  org_id: string
  /** webhook (notice_settings' company gateway), aliyun or tencent. */
  sms_provider: string
  /** Alibaba Cloud AccessKeyId / Tencent Cloud SecretId, sealed. */
  sms_key_id_sealed: string | null
  /** Alibaba Cloud AccessKeySecret / Tencent Cloud SecretKey, sealed. */
  sms_key_secret_sealed: string | null
  /** The approved signature (签名). */
  sms_sign_name: string | null
  /** Tencent Cloud's SmsSdkAppId. */
  sms_sdk_app_id: string | null
  /** Tencent Cloud's region (ap-guangzhou). */
  sms_region: string | null
  /** Overrides the cloud's address (a private endpoint, or a local stand-in in tests). */
  sms_endpoint: string | null
  /** The approved template notices are sent with. */
  sms_notice_template_id: string | null
  /** The approved template case replies are sent with (migration 0066): parameters case, key. */
  sms_reply_template_id: string | null
  /** The approved template case status messages are sent with (migration 0076): parameters case, key. */
  sms_status_template_id: ColumnType<string | null, string | null | undefined, string | null>
  /**
   * The token in the path of the cloud receipt callbacks (migration 0076), sealed; made when a
   * cloud gateway is first saved.
   */
  sms_receipt_token_sealed: ColumnType<string | null, string | null | undefined, string | null>
  wechat_enabled: number
  wechat_app_id: string | null
  wechat_token_sealed: string | null
  wechat_app_secret_sealed: string | null
  /** Where the WeChat API is reached (migration 0066); null: https://api.weixin.qq.com. */
  wechat_api_base: string | null
  /** The EncodingAESKey of the account's safe mode (migration 0070), sealed; null: plain mode. */
  wechat_aes_key_sealed: string | null
  chat_enabled: number
  chat_secret_sealed: string | null
  /** The e-mail inbox read by IMAP into feedback (migration 0075). */
  email_enabled: number
  imap_host: string | null
  imap_port: number | null
  /** 1: implicit TLS (port 993); 0: plain, upgraded by STARTTLS when the server offers it. */
  imap_tls: number | null
  imap_user: string | null
  imap_password_sealed: string | null
  /** The folder read; null: INBOX. */
  imap_folder: string | null
  /** What the last look found: ok, or an error code (IMAP_AUTH_FAILED, IMAP_UNREACHABLE …). */
  imap_status: string | null
  imap_checked_at: number | null
  updated_at: number
}

/** A signed inbound request already taken (migration 0062): its replay is refused. */
export interface ChannelInboundSeenTable {
  org_id: string
  /** wechat or chat. */
  channel: string
  /** WeChat: timestamp:nonce; chat: the signature. */
  request_key: string
  seen_at: number
}

/**
 * A message of the e-mail inbox already taken (migration 0075), by its Message-ID or, without one,
 * uid:<UIDVALIDITY>:<UID>: it is taken once, whichever instance reads it.
 */
export interface EmailInboxSeenTable {
  org_id: string
  message_key: string
  /** feedback, threaded (a line on its case), ignored (auto-reply, bounce), too_large or malformed. */
  outcome: string
  feedback_id: string | null
  case_id: string | null
  taken_at: number
}
