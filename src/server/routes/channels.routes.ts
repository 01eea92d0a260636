import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  type InboundDeps,
  receiveChatMessage,
  receiveWechatMessage,
  verifyWechatServer,
} from '../../channels/channel-inbound.service.js'
import {
  ChannelSettingsInputSchema,
  ChannelSettingsSchema,
  ChatInboundReplySchema,
  InboxCheckSchema,
} from '../../channels/channel-settings.schema.js'
import { checkInboxNow } from '../../channels/email-inbox.service.js'
import { channelSettings, updateChannelSettings } from '../../channels/channel-settings.service.js'
import {
  receiveSmsReceipts,
  SMS_RECEIPT_PROVIDERS,
  smsReceiptAnswer,
} from '../../channels/sms-receipt.service.js'
import { WECHAT_MAX_BODY_BYTES } from '../../feedback/channel-message.service.js'
import { ValidationError } from '../../shared/errors.js'
import { clientRateKey } from '../client-rate-key.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'
import { smsReceiptRateLimit } from './sms-receipt-rate-limit.js'

/** The organisation's SMS gateway, WeChat Official Account and chat webhook (administrators only). */
export function channelSettingsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['channels']
  app.get(
    '/api/v1/channel-settings',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary:
          'The SMS gateway notices go through, the WeChat Official Account and the chat webhook; each credential only as set and, for long ones, its last four characters',
        response: { 200: ChannelSettingsSchema },
      },
    },
    async (request) => channelSettings(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/channel-settings',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary:
          'Set the channels; a credential not given again is kept (sealed with the keyring, never returned)',
        body: ChannelSettingsInputSchema,
        response: { 200: ChannelSettingsSchema },
      },
    },
    async (request) =>
      updateChannelSettings(scopeOf(deps, request), request.body, {
        allowedHosts: deps.config.webhookAllowedHosts,
      }),
  )
  app.post(
    '/api/v1/channel-settings/email-inbox/check',
    {
      config: { permission: 'organisation:write' },
      schema: {
        tags,
        summary:
          'Look at the e-mail inbox now (as the background job does each minute): new mail becomes feedback or a line on its case; the outcome (ok or IMAP_AUTH_FAILED, IMAP_UNREACHABLE, IMAP_TLS_FAILED, IMAP_FOLDER_NOT_FOUND, OUTBOUND_ADDRESS_NOT_ALLOWED, IMAP_FAILED; IMAP_DISABLED when the inbox is off) is kept for the settings page',
        response: { 200: InboxCheckSchema },
      },
    },
    async (request) =>
      checkInboxNow(scopeOf(deps, request), {
        horizon: { caseHorizonDays: deps.config.caseHorizonDays },
        outbound: { allowedHosts: deps.config.webhookAllowedHosts },
      }),
  )
}

/** A chat message is at most 10,000 characters: 64 KB holds it in any script. */
const CHAT_BODY_BYTES = 64 * 1024

type OrgParams = { Params: { orgId: string }; Querystring: Record<string, string | undefined> }

/**
 * The inbound WeChat Official Account endpoint and chat webhook, in their own context: both
 * read the raw body (WeChat's XML; the chat body's bytes, which its signature covers). Public,
 * rate-limited per client address: request.ip follows X-Forwarded-For only from the configured
 * proxies (MANYI_TRUST_PROXY), so a forged header starts no fresh count.
 */
export async function channelInboundRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const tags = ['channels']
  const inbound: InboundDeps = {
    db: deps.store.db,
    features: deps.store.features,
    horizon: { caseHorizonDays: deps.config.caseHorizonDays },
  }
  const rateLimit = {
    max: deps.config.publicRateLimit,
    timeWindow: '1 minute',
    keyGenerator: clientRateKey,
  }
  app.addContentTypeParser(
    ['text/xml', 'application/xml'],
    { parseAs: 'string', bodyLimit: WECHAT_MAX_BODY_BYTES },
    (_request, body, done) => done(null, body),
  )
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: CHAT_BODY_BYTES },
    (_request, body, done) => done(null, body),
  )
  const orgParams = z.object({ orgId: z.string() })
  const signedQuery = z.object({
    signature: z.string().optional(),
    timestamp: z.string().optional(),
    nonce: z.string().optional(),
  })

  app.get<OrgParams>(
    '/api/v1/public/wechat/:orgId',
    {
      config: { permission: 'public', rateLimit, errorStatuses: [401] },
      schema: {
        tags,
        summary:
          'WeChat Official Account server verification: echostr back when signature = SHA-1 of the sorted token, timestamp and nonce (within 5 minutes); 401 otherwise',
        params: orgParams,
        querystring: signedQuery.extend({ echostr: z.string().optional() }),
        response: { 200: z.string().meta({ description: 'the echostr, as text/plain' }) },
      },
    },
    async (request, reply) => {
      const echo = await verifyWechatServer(
        deps.store.db,
        request.params.orgId,
        request.query,
        deps.clock(),
      )
      return reply.type('text/plain; charset=utf-8').send(echo)
    },
  )

  app.post<OrgParams & { Body: unknown }>(
    '/api/v1/public/wechat/:orgId',
    {
      config: { permission: 'public', rateLimit, errorStatuses: [401] },
      bodyLimit: WECHAT_MAX_BODY_BYTES,
      schema: {
        tags,
        summary:
          'A message WeChat pushes (signed in the query as for verification; in safe mode, when the account has an EncodingAESKey, only encrypted messages (encrypt_type=aes, msg_signature over Encrypt) are taken and the reply is encrypted; a retry by WeChat of the same request is answered with the same reply, its timestamp and nonce with another body are refused): a text becomes feedback of its kind by the text analysis (complaint, inquiry, suggestion or praise; only a complaint opens a case) answered with a passive reply, anything else with "success"',
        params: orgParams,
        querystring: signedQuery.extend({
          openid: z.string().optional(),
          encrypt_type: z.string().optional(),
          msg_signature: z.string().optional(),
        }),
        consumes: ['text/xml', 'application/xml'],
        response: { 200: z.string().meta({ description: 'the passive reply XML, or success' }) },
      },
    },
    async (request, reply) => {
      const answer = await receiveWechatMessage(
        inbound,
        request.params.orgId,
        request.query,
        typeof request.body === 'string' ? request.body : '',
        deps.clock(),
      )
      return reply
        .type(answer === 'success' ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8')
        .send(answer)
    },
  )

  app.post<{ Params: { orgId: string }; Body: unknown }>(
    '/api/v1/public/chat/:orgId',
    {
      config: { permission: 'public', rateLimit, errorStatuses: [401] },
      bodyLimit: CHAT_BODY_BYTES,
      schema: {
        tags,
        summary:
          'A chat platform’s customer message {channel, externalUserId, messageId, text, sentAt, kind?}, signed x-manyi-signature = sha256=HMAC(secret, "timestamp.body") with x-manyi-timestamp (seconds, within 5 minutes); a signed request is taken once; becomes feedback of the kind named, or without one of the kind read from its text as for WeChat (a complaint opens a case), once per platform message id',
        params: orgParams,
        response: { 200: ChatInboundReplySchema, 201: ChatInboundReplySchema },
      },
    },
    async (request, reply) => {
      const stored = await receiveChatMessage(
        inbound,
        request.params.orgId,
        {
          timestamp: header(request.headers['x-manyi-timestamp']),
          signature: header(request.headers['x-manyi-signature']),
        },
        typeof request.body === 'string' ? request.body : '',
        deps.clock(),
      )
      return reply.status(stored.created ? 201 : 200).send(stored)
    },
  )

  app.post<{
    Params: { orgId: string; token: string; provider: (typeof SMS_RECEIPT_PROVIDERS)[number] }
    Body: unknown
  }>(
    '/api/v1/public/sms-receipts/:orgId/:token/:provider',
    {
      config: { permission: 'public', rateLimit: smsReceiptRateLimit(deps), errorStatuses: [401] },
      bodyLimit: SMS_RECEIPT_BODY_BYTES,
      schema: {
        tags,
        summary:
          'Delivery receipts pushed by an SMS cloud, at the address with the organisation’s receipt token shown on the channel settings: aliyun = Alibaba Cloud SmsReport HTTP batch push ([{biz_id, success, err_code, err_msg, …}]), answered {code: 0}; tencent = Tencent Cloud status callback ([{sid, report_status, errmsg, description, …}]), answered {result: 0}. Each report makes the notice, case reply or case status message sent with that BizId / SerialNo delivered or failed; a repeated report, or one for an id not sent from here, changes nothing and is answered the same. A wrong token is 401',
        params: z.object({
          orgId: z.string(),
          token: z.string().max(100),
          provider: z.enum(SMS_RECEIPT_PROVIDERS),
        }),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (request) => {
      const { orgId, token, provider } = request.params
      let body: unknown
      try {
        body = JSON.parse(typeof request.body === 'string' ? request.body : '')
      } catch {
        throw new ValidationError('VALIDATION_FAILED', 'The receipt is not JSON.', [
          { path: 'body', reason: 'not JSON', rule: 'invalid' },
        ])
      }
      await receiveSmsReceipts(deps.store.db, orgId, token, provider, body, deps.clock())
      return smsReceiptAnswer(provider)
    },
  )
}

/** A push holds up to 1,000 reports of a few hundred bytes each. */
const SMS_RECEIPT_BODY_BYTES = 512 * 1024

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
