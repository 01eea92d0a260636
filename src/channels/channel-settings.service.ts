import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import type { OutboundPolicy } from '../distribution/outbound-address.js'
import { webhookHostProblem } from '../distribution/outbound.service.js'
import { type SmsGateway, smsGatewayFor } from '../distribution/sms-gateway.service.js'
import { openSecret, sealSecret } from '../personal-data/sealed-secret.service.js'
import { type FieldIssue, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { ensureSmsReceiptToken, smsReceiptPathsOf } from './sms-receipt-token.service.js'
import {
  type ChannelSettings,
  ChannelSettingsInputSchema,
  type SecretHint,
} from './channel-settings.schema.js'
import {
  type ChannelSettingsRow,
  findChannelSettings,
  findInboxStatus,
  saveChannelSettings,
} from './channel-settings.repository.js'

/**
 * Why an IMAP host may not be saved, or null: a non-public IP literal or localhost the operator
 * did not allow (the same rule as webhooks; a name is checked again on every look, against the
 * addresses it resolves to then).
 */
function imapHostProblem(host: string, policy: OutboundPolicy): string | null {
  return webhookHostProblem(`imap://${host}/`, policy)
}

/** A secret this long or longer may show its last four characters; a shorter one shows nothing. */
const HINT_MIN_LENGTH = 16

export const wechatPathOf = (orgId: string) => `/api/v1/public/wechat/${orgId}`
export const chatPathOf = (orgId: string) => `/api/v1/public/chat/${orgId}`

function hintOf(db: Db, sealed: string | null): SecretHint {
  if (sealed === null) return { set: false, last4: null }
  const value = openSecret(db, sealed)
  return { set: true, last4: value.length >= HINT_MIN_LENGTH ? value.slice(-4) : null }
}

function emptyRow(orgId: string): ChannelSettingsRow {
  return {
    orgId,
    smsProvider: 'webhook',
    smsKeyId: null,
    smsKeySecret: null,
    smsSignName: null,
    smsSdkAppId: null,
    smsRegion: null,
    smsEndpoint: null,
    smsNoticeTemplateId: null,
    smsReplyTemplateId: null,
    smsStatusTemplateId: null,
    wechatEnabled: false,
    wechatAppId: null,
    wechatToken: null,
    wechatAppSecret: null,
    wechatApiBase: null,
    wechatAesKey: null,
    chatEnabled: false,
    chatSecret: null,
    emailEnabled: false,
    imapHost: null,
    imapPort: null,
    imapTls: true,
    imapUser: null,
    imapPassword: null,
    imapFolder: null,
    updatedAt: 0,
  }
}

/** The settings as the API shows them: every credential as set / last four only. */
export async function channelSettings(scope: Scope): Promise<ChannelSettings> {
  requirePermission(scope.actor, 'organisation:write')
  const row = (await findChannelSettings(scope.db, scope.orgId)) ?? emptyRow(scope.orgId)
  return {
    smsProvider: row.smsProvider as ChannelSettings['smsProvider'],
    smsKeyId: hintOf(scope.db, row.smsKeyId),
    smsKeySecret: hintOf(scope.db, row.smsKeySecret),
    smsSignName: row.smsSignName,
    smsSdkAppId: row.smsSdkAppId,
    smsRegion: row.smsRegion,
    smsEndpoint: row.smsEndpoint,
    smsNoticeTemplateId: row.smsNoticeTemplateId,
    smsReplyTemplateId: row.smsReplyTemplateId,
    smsStatusTemplateId: row.smsStatusTemplateId,
    smsReceiptPaths: await smsReceiptPathsOf(scope.db, scope.orgId),
    wechatEnabled: row.wechatEnabled,
    wechatAppId: row.wechatAppId,
    wechatToken: hintOf(scope.db, row.wechatToken),
    wechatAppSecret: hintOf(scope.db, row.wechatAppSecret),
    wechatEncodingAesKey: hintOf(scope.db, row.wechatAesKey),
    wechatApiBase: row.wechatApiBase,
    wechatPath: wechatPathOf(scope.orgId),
    chatEnabled: row.chatEnabled,
    chatSecret: hintOf(scope.db, row.chatSecret),
    chatPath: chatPathOf(scope.orgId),
    emailEnabled: row.emailEnabled,
    imapHost: row.imapHost,
    imapPort: row.imapPort ?? 993,
    imapTls: row.imapTls,
    imapUser: row.imapUser,
    imapPassword: hintOf(scope.db, row.imapPassword),
    imapFolder: row.imapFolder ?? 'INBOX',
    inboxStatus: await findInboxStatus(scope.db, scope.orgId),
  }
}

/** A new secret sealed, or the stored one kept when none is given. */
function sealedOr(db: Db, given: string | undefined, stored: string | null): string | null {
  return given === undefined ? stored : sealSecret(db, given)
}

function missing(path: string, reason: string): FieldIssue {
  return { path, reason, rule: 'required' }
}

/** What the chosen gateway and the enabled channels cannot do without, named per field. */
function incompleteFields(row: ChannelSettingsRow): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (row.smsProvider !== 'webhook') {
    if (!row.smsKeyId) issues.push(missing('smsKeyId', 'required by a cloud SMS gateway'))
    if (!row.smsKeySecret) issues.push(missing('smsKeySecret', 'required by a cloud SMS gateway'))
    if (!row.smsSignName) issues.push(missing('smsSignName', 'required by a cloud SMS gateway'))
    if (!row.smsNoticeTemplateId)
      issues.push(missing('smsNoticeTemplateId', 'notices are sent with this template'))
  }
  if (row.smsProvider === 'tencent' && !row.smsSdkAppId)
    issues.push(missing('smsSdkAppId', 'required by Tencent Cloud SMS'))
  if (row.wechatEnabled && !row.wechatToken)
    issues.push(missing('wechatToken', 'required to check WeChat’s signature'))
  // Safe mode's plaintext ends with the AppID, which must be the account's own.
  if (row.wechatEnabled && row.wechatAesKey && !row.wechatAppId)
    issues.push(missing('wechatAppId', 'required by safe mode: messages are encrypted for it'))
  if (row.chatEnabled && !row.chatSecret)
    issues.push(missing('chatSecret', 'required to check the chat platform’s signature'))
  if (row.emailEnabled) {
    if (!row.imapHost) issues.push(missing('imapHost', 'required to read the inbox'))
    if (!row.imapUser) issues.push(missing('imapUser', 'required to read the inbox'))
    if (!row.imapPassword) issues.push(missing('imapPassword', 'required to read the inbox'))
  }
  return issues
}

/**
 * Saves the settings; a secret not given again is kept. Audited with which secrets changed,
 * never their values.
 */
export async function updateChannelSettings(
  scope: Scope,
  input: unknown,
  policy: OutboundPolicy = { allowedHosts: [] },
): Promise<ChannelSettings> {
  requirePermission(scope.actor, 'organisation:write')
  const body = parseInput(ChannelSettingsInputSchema, input, 'channel settings')
  const stored = (await findChannelSettings(scope.db, scope.orgId)) ?? emptyRow(scope.orgId)
  // Keys of one cloud mean nothing to the other: changing provider needs them given again.
  const sameCloud = stored.smsProvider === body.smsProvider
  const row: ChannelSettingsRow = {
    orgId: scope.orgId,
    smsProvider: body.smsProvider,
    smsKeyId: sealedOr(scope.db, body.smsKeyId, sameCloud ? stored.smsKeyId : null),
    smsKeySecret: sealedOr(scope.db, body.smsKeySecret, sameCloud ? stored.smsKeySecret : null),
    smsSignName: body.smsSignName,
    smsSdkAppId: body.smsSdkAppId,
    smsRegion: body.smsRegion,
    smsEndpoint: body.smsEndpoint,
    smsNoticeTemplateId: body.smsNoticeTemplateId,
    smsReplyTemplateId: body.smsReplyTemplateId,
    smsStatusTemplateId: body.smsStatusTemplateId,
    wechatEnabled: body.wechatEnabled,
    wechatAppId: body.wechatAppId,
    wechatToken: sealedOr(scope.db, body.wechatToken, stored.wechatToken),
    wechatAppSecret: sealedOr(scope.db, body.wechatAppSecret, stored.wechatAppSecret),
    wechatApiBase: body.wechatApiBase,
    // null turns safe mode off; omitted keeps the stored key.
    wechatAesKey:
      body.wechatEncodingAesKey === null
        ? null
        : sealedOr(scope.db, body.wechatEncodingAesKey, stored.wechatAesKey),
    chatEnabled: body.chatEnabled,
    chatSecret: sealedOr(scope.db, body.chatSecret, stored.chatSecret),
    emailEnabled: body.emailEnabled,
    imapHost: body.imapHost,
    imapPort: body.imapPort,
    imapTls: body.imapTls,
    imapUser: body.imapUser,
    // A password belongs to its account on its server: changing either needs it given again.
    imapPassword: sealedOr(
      scope.db,
      body.imapPassword,
      stored.imapHost === body.imapHost && stored.imapUser === body.imapUser
        ? stored.imapPassword
        : null,
    ),
    imapFolder: body.imapFolder,
    updatedAt: scope.now,
  }
  const issues = incompleteFields(row)
  const hostProblem = row.imapHost && imapHostProblem(row.imapHost, policy)
  if (hostProblem) issues.push({ path: 'imapHost', reason: hostProblem, rule: 'invalid' })
  if (issues.length > 0)
    throw new ValidationError('VALIDATION_FAILED', 'The channel settings are incomplete.', issues)
  const changedSecrets = (
    [
      'smsKeyId',
      'smsKeySecret',
      'wechatToken',
      'wechatAppSecret',
      'wechatEncodingAesKey',
      'chatSecret',
      'imapPassword',
    ] as const
  ).filter((name) => body[name] !== undefined)
  await scope.db.transaction().execute(async (trx) => {
    await saveChannelSettings(trx, row)
    // A cloud's receipts need the address with the token to be entered in its console.
    if (row.smsProvider !== 'webhook') await ensureSmsReceiptToken(trx, scope.orgId)
    await recordAudit(trx, scope, {
      action: 'channel.settings',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: {
        smsProvider: row.smsProvider,
        wechatEnabled: row.wechatEnabled,
        chatEnabled: row.chatEnabled,
        emailEnabled: row.emailEnabled,
        changedSecrets,
      },
    })
  })
  return channelSettings(scope)
}

/** The cloud SMS gateway notices go through, with their template; null: the company webhook. */
export interface NoticeSmsRoute {
  gateway: SmsGateway
  templateId: string
}

/**
 * The organisation's cloud SMS gateway for notices, its credentials opened only here and kept
 * in the gateway's closure; null when it sends through the company webhook (notice settings).
 */
export async function noticeSmsRoute(
  db: Db,
  orgId: string,
  policy: OutboundPolicy,
): Promise<NoticeSmsRoute | null> {
  const row = await findChannelSettings(db, orgId)
  if (!row?.smsNoticeTemplateId) return null
  const gateway = cloudSmsGateway(db, row, policy)
  return gateway && { gateway, templateId: row.smsNoticeTemplateId }
}

/**
 * The organisation's cloud SMS gateway for other domains' template messages (appointments);
 * null when it sends through the company webhook or the cloud's settings are incomplete.
 */
export async function organisationCloudSms(
  db: Db,
  orgId: string,
  policy: OutboundPolicy,
): Promise<SmsGateway | null> {
  const row = await findChannelSettings(db, orgId)
  return row ? cloudSmsGateway(db, row, policy) : null
}

/**
 * The organisation's cloud SMS gateway (credentials opened only here, kept in the gateway's
 * closure); null for the company webhook or when a credential or the signature is missing.
 */
export function cloudSmsGateway(
  db: Db,
  row: ChannelSettingsRow,
  policy: OutboundPolicy,
): SmsGateway | null {
  if (row.smsProvider === 'webhook') return null
  if (!row.smsKeyId || !row.smsKeySecret || !row.smsSignName) return null
  const keyId = openSecret(db, row.smsKeyId)
  const keySecret = openSecret(db, row.smsKeySecret)
  return row.smsProvider === 'aliyun'
    ? smsGatewayFor(
        {
          provider: 'aliyun',
          accessKeyId: keyId,
          accessKeySecret: keySecret,
          signName: row.smsSignName,
          endpoint: row.smsEndpoint ?? 'https://dysmsapi.aliyuncs.com/',
        },
        policy,
      )
    : smsGatewayFor(
        {
          provider: 'tencent',
          secretId: keyId,
          secretKey: keySecret,
          sdkAppId: row.smsSdkAppId ?? '',
          signName: row.smsSignName,
          region: row.smsRegion ?? 'ap-guangzhou',
          endpoint: row.smsEndpoint ?? 'https://sms.tencentcloudapi.com/',
        },
        policy,
      )
}

/** The WeChat account's token (opened) when the channel is on; undefined otherwise. */
export async function wechatTokenOf(db: Db, orgId: string): Promise<string | undefined> {
  const row = await findChannelSettings(db, orgId)
  return row?.wechatEnabled && row.wechatToken ? openSecret(db, row.wechatToken) : undefined
}

/** What checks and opens the account's messages: its token, and in safe mode its key and AppID. */
export interface WechatInboundKeys {
  token: string
  safeMode: { encodingAesKey: string; appId: string } | null
}

/** The WeChat account's inbound keys (opened) when the channel is on; undefined otherwise. */
export async function wechatInboundKeysOf(
  db: Db,
  orgId: string,
): Promise<WechatInboundKeys | undefined> {
  const row = await findChannelSettings(db, orgId)
  if (!row?.wechatEnabled || !row.wechatToken) return undefined
  const token = openSecret(db, row.wechatToken)
  if (!row.wechatAesKey || !row.wechatAppId) return { token, safeMode: null }
  const encodingAesKey = openSecret(db, row.wechatAesKey)
  return { token, safeMode: { encodingAesKey, appId: row.wechatAppId } }
}

/** The chat webhook's secret (opened) when the channel is on; undefined otherwise. */
export async function chatSecretOf(db: Db, orgId: string): Promise<string | undefined> {
  const row = await findChannelSettings(db, orgId)
  return row?.chatEnabled && row.chatSecret ? openSecret(db, row.chatSecret) : undefined
}
