import { z } from 'zod'

export const SMS_PROVIDERS = ['webhook', 'aliyun', 'tencent'] as const

/** A stored secret as the API shows it: whether one is set, and its last four characters when long enough. */
export const SecretHintSchema = z.object({
  set: z.boolean(),
  /** Only for secrets of 16 characters or more (a short token's last four would give too much away). */
  last4: z.string().nullable(),
})
export type SecretHint = z.infer<typeof SecretHintSchema>

const text = (max: number) => z.string().trim().min(1).max(max)
/** Omitted: keep the stored value; given: replace it. */
const secret = (min: number, max: number) => z.string().trim().min(min).max(max).optional()

/**
 * An organisation's channel settings. Secrets are write-only: omitted keeps the stored one.
 * smsProvider webhook: notices' SMS go to the company gateway of the notice settings;
 * aliyun / tencent: through the cloud's SendSms with the notice template and its parameters
 * title, start and end (by name for Alibaba Cloud, in that order for Tencent Cloud).
 */
export const ChannelSettingsInputSchema = z.object({
  smsProvider: z.enum(SMS_PROVIDERS),
  /** Alibaba Cloud AccessKeyId / Tencent Cloud SecretId. */
  smsKeyId: secret(1, 128),
  /** Alibaba Cloud AccessKeySecret / Tencent Cloud SecretKey. */
  smsKeySecret: secret(1, 256),
  smsSignName: text(40).nullable().default(null),
  smsSdkAppId: z
    .string()
    .regex(/^\d{6,12}$/, 'the SmsSdkAppId (digits)')
    .nullable()
    .default(null),
  smsRegion: z
    .string()
    .regex(/^[a-z]{2}-[a-z]+$/, 'a region such as ap-guangzhou')
    .nullable()
    .default(null),
  /** Overrides the cloud's address (a private endpoint); https, or a host MANYI_WEBHOOK_ALLOWED_HOSTS allows. */
  smsEndpoint: z.string().trim().url().max(500).nullable().default(null),
  smsNoticeTemplateId: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'letters, digits and _')
    .nullable()
    .default(null),
  /**
   * The approved template case replies go out with, parameters case (the case number) and key
   * (the status key of the public lookup page), in that order: carriers pass no free text, so
   * the customer reads the reply itself on the lookup page.
   */
  smsReplyTemplateId: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'letters, digits and _')
    .nullable()
    .default(null),
  /**
   * The approved template case status messages go out with, parameters case and key as for
   * replies; null: they are sent with the reply template.
   */
  smsStatusTemplateId: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'letters, digits and _')
    .nullable()
    .default(null),
  wechatEnabled: z.boolean().default(false),
  /** The account's AppID (wx…), for replies through the customer-service message API. */
  wechatAppId: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, 'wx and 16 hexadecimal digits')
    .nullable()
    .default(null),
  /** The server-configuration Token: 3–32 letters and digits (the platform's own rule). */
  wechatToken: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, '3–32 letters and digits')
    .optional(),
  wechatAppSecret: secret(16, 64),
  /**
   * The account's EncodingAESKey (消息加解密密钥, 43 letters and digits) for safe mode: given, the
   * account's messages are taken encrypted only (safe or compatible mode) and replies go back
   * encrypted; null turns safe mode off; omitted keeps the stored key.
   */
  wechatEncodingAesKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{43}$/, '43 letters and digits')
    .nullable()
    .optional(),
  /**
   * Where replies reach the WeChat API (a company gateway or proxy); null: api.weixin.qq.com.
   * https, or a host MANYI_WEBHOOK_ALLOWED_HOSTS allows.
   */
  wechatApiBase: z.string().trim().url().max(500).nullable().default(null),
  chatEnabled: z.boolean().default(false),
  chatSecret: secret(16, 200),
  /** The e-mail inbox read by IMAP: each new message becomes feedback, or a line on its case. */
  emailEnabled: z.boolean().default(false),
  /** The IMAP server's name (a public address, or a host MANYI_WEBHOOK_ALLOWED_HOSTS allows). */
  imapHost: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'a host name or IPv4 address')
    .nullable()
    .default(null),
  imapPort: z.number().int().min(1).max(65_535).default(993),
  /** True: TLS from the start (993); false: plain, upgraded by STARTTLS when the server offers it. */
  imapTls: z.boolean().default(true),
  imapUser: text(254).nullable().default(null),
  imapPassword: secret(1, 200),
  /** The folder read (INBOX unless said). */
  imapFolder: text(200).default('INBOX'),
})
export type ChannelSettingsInput = z.infer<typeof ChannelSettingsInputSchema>
/** What a client sends (defaults not yet applied). */
export type ChannelSettingsBody = z.input<typeof ChannelSettingsInputSchema>

export const ChannelSettingsSchema = z.object({
  smsProvider: z.enum(SMS_PROVIDERS),
  smsKeyId: SecretHintSchema,
  smsKeySecret: SecretHintSchema,
  smsSignName: z.string().nullable(),
  smsSdkAppId: z.string().nullable(),
  smsRegion: z.string().nullable(),
  smsEndpoint: z.string().nullable(),
  smsNoticeTemplateId: z.string().nullable(),
  smsReplyTemplateId: z.string().nullable(),
  smsStatusTemplateId: z.string().nullable(),
  /**
   * The delivery receipt addresses to enter in each cloud's console (Alibaba Cloud SmsReport
   * HTTP push, Tencent Cloud status callback), holding the organisation's receipt token; null
   * until a cloud gateway is saved.
   */
  smsReceiptPaths: z.object({ aliyun: z.string(), tencent: z.string() }).nullable(),
  wechatEnabled: z.boolean(),
  wechatAppId: z.string().nullable(),
  wechatToken: SecretHintSchema,
  wechatAppSecret: SecretHintSchema,
  /** Set: the account is in safe mode. */
  wechatEncodingAesKey: SecretHintSchema,
  wechatApiBase: z.string().nullable(),
  /** The address to enter as the account's server URL (服务器地址). */
  wechatPath: z.string(),
  chatEnabled: z.boolean(),
  chatSecret: SecretHintSchema,
  /** The address chat platforms post to. */
  chatPath: z.string(),
  emailEnabled: z.boolean(),
  imapHost: z.string().nullable(),
  imapPort: z.number(),
  imapTls: z.boolean(),
  imapUser: z.string().nullable(),
  imapPassword: SecretHintSchema,
  imapFolder: z.string(),
  /** What the last look at the inbox found. */
  inboxStatus: z.object({
    /** ok, or the error's code (IMAP_AUTH_FAILED, IMAP_UNREACHABLE, IMAP_TLS_FAILED, IMAP_FOLDER_NOT_FOUND, OUTBOUND_ADDRESS_NOT_ALLOWED, IMAP_FAILED); null before the first look. */
    status: z.string().nullable(),
    checkedAt: z.number().nullable(),
  }),
})
export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>

/** What the inbound chat webhook answers. */
export const ChatInboundReplySchema = z.object({
  feedbackId: z.string(),
  caseId: z.string().nullable(),
  /** False when the same message was taken before. */
  created: z.boolean(),
})

/** What a look at the inbox did (POST /channel-settings/email-inbox/check). */
export const InboxCheckSchema = z.object({
  status: z.string(),
  checkedAt: z.number(),
  /** Messages that became feedback, lines on a case, and ignored (auto-replies, bounces, too large, malformed). */
  feedback: z.number(),
  threaded: z.number(),
  ignored: z.number(),
})
export type InboxCheck = z.infer<typeof InboxCheckSchema>
