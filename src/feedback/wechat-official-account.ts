import { createHash, timingSafeEqual } from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import type { Locale } from '../shared/locale.js'

/**
 * The WeChat Official Account (公众号) message protocol in plain mode (明文模式), per the
 * official "接入指南" and "接收普通消息" / "被动回复用户消息" pages
 * (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html,
 * .../Message_Management/Receiving_standard_messages.html,
 * .../Message_Management/Passive_user_reply_message.html).
 * Pure: the route reads the account's token and turns a message into feedback.
 */

/** How far a request's timestamp may be from our clock: beyond it a signed request is a replay. */
export const WECHAT_MAX_SKEW_SECONDS = 300
/** WeChat posts a few hundred bytes; anything near this is not WeChat. */
export const WECHAT_MAX_BODY_BYTES = 64 * 1024
/** A text message's Content is at most 2,048 bytes by the platform's own limit; we take that in characters. */
const MAX_TEXT = 2048

export interface WechatSignedQuery {
  signature?: string
  timestamp?: string
  nonce?: string
}

/** signature = hex(SHA-1(the token, timestamp and nonce sorted as strings and joined)). */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  const joined = [token, timestamp, nonce].sort().join('')
  return createHash('sha1').update(joined, 'utf8').digest('hex')
}

/**
 * Refuses a request WeChat did not sign with the account's token, or signed too long ago
 * (UNAUTHENTICATED, the same answer for every failure so nothing is learnt from it).
 */
export function checkWechatSignature(token: string, query: WechatSignedQuery, nowMs: number): void {
  const refused = new UnauthorizedError('UNAUTHENTICATED', 'The request is not signed by WeChat.')
  const { signature, timestamp, nonce } = query
  if (!signature || !timestamp || !nonce || !/^\d{1,12}$/.test(timestamp) || nonce.length > 64)
    throw refused
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WECHAT_MAX_SKEW_SECONDS) throw refused
  const expected = Buffer.from(wechatSignature(token, timestamp, nonce))
  const given = Buffer.from(signature.toLowerCase())
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused
}

export type WechatMessage =
  | {
      type: 'text'
      /** The follower's openid for this account. */
      openid: string
      /** The account's own id (gh_…), the reply's sender. */
      account: string
      sentAt: Date
      text: string
      msgId: string
    }
  /** Images, voice, events (subscribe, menu clicks): acknowledged, not stored. */
  | { type: 'other'; openid: string; account: string; msgType: string }

const parser = new XMLParser({
  // Values stay strings (a MsgId has 19 digits); entities are not expanded (no DOCTYPE games).
  parseTagValue: false,
  processEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
})

function malformed(reason: string): ValidationError {
  return new ValidationError('VALIDATION_FAILED', 'The WeChat message is not readable.', [
    { path: 'body', reason, rule: 'invalid' },
  ])
}

function field(node: Record<string, unknown>, name: string, pattern: RegExp): string {
  const value = node[name]
  if (typeof value !== 'string' || !pattern.test(value))
    throw malformed(`${name} is missing or not valid`)
  return value
}

/** Reads a pushed message; anything but WeChat's flat <xml> of known fields is refused. */
export function parseWechatMessage(body: string): WechatMessage {
  if (Buffer.byteLength(body) > WECHAT_MAX_BODY_BYTES) throw malformed('is too large')
  if (/<!(DOCTYPE|ENTITY)/i.test(body)) throw malformed('declares a document type')
  let document: unknown
  try {
    document = parser.parse(body, true)
  } catch {
    throw malformed('is not XML')
  }
  const root = (document as { xml?: unknown }).xml
  if (typeof root !== 'object' || root === null) throw malformed('has no <xml> element')
  const node = root as Record<string, unknown>
  const openid = field(node, 'FromUserName', /^[\w-]{1,64}$/)
  const account = field(node, 'ToUserName', /^[\w-]{1,64}$/)
  const msgType = field(node, 'MsgType', /^[a-z_]{1,32}$/)
  if (msgType !== 'text') return { type: 'other', openid, account, msgType }
  const createTime = field(node, 'CreateTime', /^\d{1,12}$/)
  const msgId = field(node, 'MsgId', /^\d{1,24}$/)
  const content = node.Content
  if (typeof content !== 'string' || content.trim().length === 0)
    throw malformed('Content is missing')
  if (content.length > MAX_TEXT) throw malformed('Content is too long')
  return {
    type: 'text',
    openid,
    account,
    sentAt: new Date(Number(createTime) * 1000),
    text: content.trim(),
    msgId,
  }
}

/** CDATA cannot hold "]]>": it is split across two sections, as XML allows. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

const ACKNOWLEDGEMENT: Record<Locale, string> = {
  'zh-CN': '您的留言已收到，我们会尽快处理并回复您。',
  'en-US': 'We have received your message and will get back to you soon.',
}

/** The acknowledgement a follower gets, in their language. */
export function wechatAcknowledgement(locale: Locale): string {
  return ACKNOWLEDGEMENT[locale]
}

/** A passive text reply: to the follower, from the account, within the same HTTP exchange. */
export function wechatTextReply(
  message: { openid: string; account: string },
  text: string,
  now: Date,
): string {
  return [
    '<xml>',
    `<ToUserName>${cdata(message.openid)}</ToUserName>`,
    `<FromUserName>${cdata(message.account)}</FromUserName>`,
    `<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime>`,
    `<MsgType>${cdata('text')}</MsgType>`,
    `<Content>${cdata(text)}</Content>`,
    '</xml>',
  ].join('')
}
