import { createHash } from 'node:crypto'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { Actor, Scope } from '../db/scope.js'
import {
  CHAT_MAX_SKEW_SECONDS,
  chatMessageFeedback,
  checkChatSignature,
  checkWechatMessageSignature,
  checkWechatSignature,
  decryptWechatMessage,
  encryptedWechatReply,
  encryptWechatMessage,
  messageKindFor,
  parseChatMessage,
  parseWechatMessage,
  WECHAT_MAX_SKEW_SECONDS,
  type WechatSignedQuery,
  wechatAcknowledgement,
  wechatAesKey,
  wechatEncryptedPart,
  wechatReplyRandom,
  wechatTextReply,
} from '../feedback/channel-message.service.js'
import { createFeedback } from '../feedback/feedback.service.js'
import type { CaseHorizon } from '../feedback/intake-horizon.js'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import { inboundRequestSeen, noteInboundRequest } from './channel-settings.repository.js'
import {
  chatSecretOf,
  type WechatInboundKeys,
  wechatInboundKeysOf,
  wechatTokenOf,
} from './channel-settings.service.js'

/**
 * Inbound customer messages from the WeChat Official Account and the generic chat webhook:
 * checked against the organisation's own token or secret, refused when replayed, and stored as
 * feedback (a complaint opens a case as any complaint does).
 */
export interface InboundDeps {
  db: Db
  features: DialectFeatures
  horizon: CaseHorizon
}

/** Who stores inbound messages: an agent's rights (feedback:write), nothing more. */
const actorOf = (channel: string): Actor => ({ type: 'system', id: channel, role: 'agent' })

const notSigned = () =>
  new UnauthorizedError('UNAUTHENTICATED', 'The request is not signed for this organisation.')

/**
 * A request that names no signature at all is malformed (400 naming what is missing), not
 * unauthenticated: 401 is kept for a signature that is there and does not hold.
 */
function requireSignatureParts(parts: Record<string, string | undefined>): void {
  const missing = Object.entries(parts).filter(([, value]) => !value)
  if (missing.length > 0)
    throw new ValidationError(
      'VALIDATION_FAILED',
      'The request carries no signature.',
      missing.map(([path]) => ({ path, reason: 'is required', rule: 'required' })),
    )
}

/**
 * Refuses a signed request taken before. Remembered for twice the signature window: after
 * that its timestamp refuses it anyway.
 */
async function refuseReplay(
  db: Db,
  key: { orgId: string; channel: string; requestKey: string },
  now: number,
  windowSeconds: number,
): Promise<void> {
  const fresh = await noteInboundRequest(db, key, now, now - 2 * windowSeconds * 1000)
  if (!fresh) throw notSigned()
}

/**
 * WeChat's server verification (GET with signature, timestamp, nonce and echostr): the
 * echostr back when signed with the account's token. An organisation without the channel, a
 * forged or stale signature all get the same 401.
 */
export async function verifyWechatServer(
  db: Db,
  orgId: string,
  query: WechatSignedQuery & { echostr?: string },
  now: number,
): Promise<string> {
  requireSignatureParts({ ...signatureParts(query), echostr: query.echostr })
  const token = await wechatTokenOf(db, orgId)
  if (token === undefined) throw notSigned()
  checkWechatSignature(token, query, now)
  const echo = query.echostr ?? ''
  if (!/^[\w-]{1,128}$/.test(echo))
    throw new ValidationError('VALIDATION_FAILED', 'The verification has no echostr.', [
      { path: 'echostr', reason: 'is missing or not valid', rule: 'invalid' },
    ])
  return echo
}

/** A pushed message's query: plain mode's signature, and in safe or compatible mode encrypt_type=aes with msg_signature. */
export interface WechatPushQuery extends WechatSignedQuery {
  encrypt_type?: string
  msg_signature?: string
}

/**
 * A message pushed by WeChat: a text becomes feedback of its kind (external id wechat:<MsgId>,
 * so WeChat's own retries of a message store it once) and is answered with a passive reply
 * acknowledging it; other messages (events, images) are acknowledged with "success", as the
 * platform asks. An account in safe mode (an EncodingAESKey set) takes encrypted messages only,
 * their msg_signature checked before they are opened, and its replies go back encrypted.
 */
export async function receiveWechatMessage(
  deps: InboundDeps,
  orgId: string,
  query: WechatPushQuery,
  body: string,
  now: number,
): Promise<string> {
  requireSignatureParts(signatureParts(query))
  const keys = await wechatInboundKeysOf(deps.db, orgId)
  if (keys === undefined) throw notSigned()
  checkWechatSignature(keys.token, query, now)
  // WeChat sends an account in safe mode nothing in plain: a plain message was not its own.
  if (keys.safeMode && query.encrypt_type !== 'aes') throw notSigned()
  const opened = keys.safeMode ? openWechatMessage(keys, keys.safeMode, query, body) : body
  await takeWechatRequest(deps.db, orgId, query, body, now)
  const message = parseWechatMessage(opened)
  if (message.type !== 'text') return 'success'
  await createFeedback(
    scopeFor(deps, orgId, 'wechat', now),
    {
      channel: 'social',
      // Only a complaint opens a case (src/feedback/message-kind.ts).
      kind: await messageKindFor(deps.db, orgId, message.text),
      text: message.text,
      customer: { ref: `wechat:${message.openid}`.slice(0, 100) },
      receivedAt: message.sentAt.toISOString(),
      externalId: `wechat:${message.msgId}`,
    },
    deps.horizon,
  )
  // Stamped with the request's own signed time, so that a retry gets the same reply byte for byte.
  const reply = wechatTextReply(message, wechatAcknowledgement('zh-CN'), requestTime(query))
  if (!keys.safeMode) return reply
  return sealWechatReply(keys.token, keys.safeMode, query, message.msgId, reply)
}

type SafeMode = NonNullable<WechatInboundKeys['safeMode']>

/** The message inside a safe-mode push, its msg_signature checked first. */
function openWechatMessage(
  keys: WechatInboundKeys,
  safeMode: SafeMode,
  query: WechatPushQuery,
  body: string,
): string {
  const encrypted = wechatEncryptedPart(body)
  checkWechatMessageSignature(keys.token, query, encrypted)
  return decryptWechatMessage(wechatAesKey(safeMode.encodingAesKey), encrypted, safeMode.appId)
}

/**
 * The passive reply encrypted for the account, under the request's own timestamp and nonce, its
 * random prefix keyed to the request so that WeChat's retry gets the same bytes.
 */
function sealWechatReply(
  token: string,
  safeMode: SafeMode,
  query: WechatPushQuery,
  msgId: string,
  reply: string,
): string {
  const key = wechatAesKey(safeMode.encodingAesKey)
  const random = wechatReplyRandom(key, `${query.timestamp}:${query.nonce}:${msgId}`)
  const encrypted = encryptWechatMessage(key, reply, safeMode.appId, random)
  return encryptedWechatReply(token, encrypted, query.timestamp ?? '', query.nonce ?? '')
}

/**
 * Takes a WeChat request once, and its retries. WeChat signs only the token, timestamp and nonce
 * (plain mode), not the body, and resends a request it got no answer to within 5 seconds, up to
 * three times ("微信服务器在五秒内收不到响应会断掉连接，并且重新发起请求，总共重试三次",
 * developers.weixin.qq.com, 接收普通消息). So the timestamp:nonce is noted with the body's
 * SHA-256 beside it: the same request again is a retry (taken, and answered as the first time);
 * the same timestamp and nonce with another body is a forgery and refused like a replay.
 */
async function takeWechatRequest(
  db: Db,
  orgId: string,
  query: WechatSignedQuery,
  body: string,
  now: number,
): Promise<void> {
  const signed = `${query.timestamp}:${query.nonce}`
  const withBody = {
    orgId,
    channel: 'wechat',
    requestKey: `${signed}:${createHash('sha256').update(body).digest('hex')}`,
  }
  const forgetBefore = now - 2 * WECHAT_MAX_SKEW_SECONDS * 1000
  const first = await noteInboundRequest(
    db,
    { orgId, channel: 'wechat', requestKey: signed },
    now,
    forgetBefore,
  )
  if (first) await noteInboundRequest(db, withBody, now, forgetBefore)
  else if (!(await inboundRequestSeen(db, withBody))) throw notSigned()
}

function requestTime(query: WechatSignedQuery): Date {
  return new Date(Number(query.timestamp) * 1000)
}

/** A chat platform's signed message: stored as feedback, once per platform message id. */
export async function receiveChatMessage(
  deps: InboundDeps,
  orgId: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: string,
  now: number,
): Promise<{ feedbackId: string; caseId: string | null; created: boolean }> {
  requireSignatureParts({
    'x-manyi-timestamp': headers.timestamp,
    'x-manyi-signature': headers.signature,
  })
  const secret = await chatSecretOf(deps.db, orgId)
  if (secret === undefined) throw notSigned()
  checkChatSignature(secret, headers, rawBody, now)
  await refuseReplay(
    deps.db,
    { orgId, channel: 'chat', requestKey: headers.signature ?? '' },
    now,
    CHAT_MAX_SKEW_SECONDS,
  )
  const message = parseChatMessage(rawBody)
  // A message the platform gives no kind is read as a WeChat text is (src/feedback/message-kind.ts).
  const kindOfText = message.kind ?? (await messageKindFor(deps.db, orgId, message.text))
  const stored = await createFeedback(
    scopeFor(deps, orgId, 'chat', now),
    chatMessageFeedback(message, kindOfText),
    deps.horizon,
  )
  return { feedbackId: stored.feedback.id, caseId: stored.caseId, created: stored.created }
}

function signatureParts(query: WechatSignedQuery) {
  return { signature: query.signature, timestamp: query.timestamp, nonce: query.nonce }
}

function scopeFor(deps: InboundDeps, orgId: string, channel: string, now: number): Scope {
  return { db: deps.db, features: deps.features, orgId, actor: actorOf(channel), now }
}
