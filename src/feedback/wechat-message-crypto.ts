import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  timingSafeEqual,
} from 'node:crypto'
import { XMLParser } from 'fast-xml-parser'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import { WECHAT_MAX_BODY_BYTES } from './wechat-official-account.js'

/**
 * The WeChat Official Account's safe mode (安全模式) and compatible mode (兼容模式), per the
 * official "消息加解密说明" (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/
 * Message_encryption_and_decryption_instructions.html) and Tencent's WXBizMsgCrypt samples:
 * - the key is the 43-character EncodingAESKey plus "=", read as Base64 (32 bytes); AES-256-CBC
 *   with the key's first 16 bytes as IV and PKCS#7 padding to 32-byte blocks;
 * - the plaintext is 16 random bytes, the message's length in bytes (4, network order), the
 *   message and the account's AppID, which must be the organisation's own;
 * - msg_signature = hex(SHA-1(the token, timestamp, nonce and Encrypt sorted and joined)).
 * Pure: the inbound service reads the organisation's key, token and AppID.
 */

const BLOCK = 32
const refused = () =>
  new UnauthorizedError('UNAUTHENTICATED', 'The request is not signed by WeChat.')

/** The cipher key of an EncodingAESKey (43 letters and digits, as the platform makes it). */
export function wechatAesKey(encodingAesKey: string): Buffer {
  const key = /^[A-Za-z0-9]{43}$/.test(encodingAesKey)
    ? Buffer.from(`${encodingAesKey}=`, 'base64')
    : Buffer.alloc(0)
  if (key.length !== 32)
    throw new ValidationError('VALIDATION_FAILED', 'The EncodingAESKey is not valid.', [
      { path: 'wechatEncodingAesKey', reason: '43 letters and digits', rule: 'invalid' },
    ])
  return key
}

/** msg_signature over the encrypted message. */
export function wechatMessageSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): string {
  const joined = [token, timestamp, nonce, encrypted].sort().join('')
  return createHash('sha1').update(joined, 'utf8').digest('hex')
}

/** Refuses an encrypted message whose msg_signature does not hold (UNAUTHENTICATED). */
export function checkWechatMessageSignature(
  token: string,
  query: { timestamp?: string; nonce?: string; msg_signature?: string },
  encrypted: string,
): void {
  const { timestamp, nonce, msg_signature: signature } = query
  if (!timestamp || !nonce || !signature) throw refused()
  const expected = Buffer.from(wechatMessageSignature(token, timestamp, nonce, encrypted))
  const given = Buffer.from(signature.toLowerCase())
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused()
}

/**
 * The message inside an Encrypt element. Anything that does not decrypt to a well-formed
 * plaintext for this AppID is refused as unsigned: only the key's holder can make one.
 */
export function decryptWechatMessage(key: Buffer, encrypted: string, appId: string): string {
  const cipherText = Buffer.from(encrypted, 'base64')
  if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) throw refused()
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  const plain = Buffer.concat([decipher.update(cipherText), decipher.final()])
  const pad = plain[plain.length - 1]!
  if (pad < 1 || pad > BLOCK) throw refused()
  const body = plain.subarray(16, plain.length - pad)
  if (body.length < 4) throw refused()
  const length = body.readUInt32BE(0)
  if (4 + length > body.length) throw refused()
  if (body.subarray(4 + length).toString('utf8') !== appId) throw refused()
  return body.subarray(4, 4 + length).toString('utf8')
}

/**
 * A message encrypted for WeChat. `random` is the plaintext's 16-byte prefix: the caller derives
 * it from the request (wechatReplyRandom), so that WeChat's retry of a request gets the same
 * reply byte for byte.
 */
export function encryptWechatMessage(
  key: Buffer,
  message: string,
  appId: string,
  random: Buffer,
): string {
  if (random.length !== 16) throw new RangeError('random must be 16 bytes')
  const text = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(text.length)
  const unpadded = Buffer.concat([random, length, text, Buffer.from(appId, 'utf8')])
  const pad = BLOCK - (unpadded.length % BLOCK)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  const padded = Buffer.concat([unpadded, Buffer.alloc(pad, pad)])
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64')
}

/** The reply's random prefix, keyed to the request: a retry gets the same bytes, others cannot tell them. */
export function wechatReplyRandom(key: Buffer, requestKey: string): Buffer {
  return createHmac('sha256', key).update(requestKey).digest().subarray(0, 16)
}

/** The passive reply in safe mode: the encrypted reply, its signature, timestamp and nonce. */
export function encryptedWechatReply(
  token: string,
  encrypted: string,
  timestamp: string,
  nonce: string,
): string {
  return [
    '<xml>',
    `<Encrypt><![CDATA[${encrypted}]]></Encrypt>`,
    `<MsgSignature><![CDATA[${wechatMessageSignature(token, timestamp, nonce, encrypted)}]]></MsgSignature>`,
    `<TimeStamp>${timestamp}</TimeStamp>`,
    `<Nonce><![CDATA[${nonce}]]></Nonce>`,
    '</xml>',
  ].join('')
}

const parser = new XMLParser({
  parseTagValue: false,
  processEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
})

/** The Encrypt element of a pushed message (safe or compatible mode). */
export function wechatEncryptedPart(body: string): string {
  const malformed = (reason: string) =>
    new ValidationError('VALIDATION_FAILED', 'The WeChat message is not readable.', [
      { path: 'body', reason, rule: 'invalid' },
    ])
  if (Buffer.byteLength(body) > WECHAT_MAX_BODY_BYTES) throw malformed('is too large')
  if (/<!(DOCTYPE|ENTITY)/i.test(body)) throw malformed('declares a document type')
  let document: unknown
  try {
    document = parser.parse(body, true)
  } catch {
    throw malformed('is not XML')
  }
  const encrypted = (document as { xml?: { Encrypt?: unknown } }).xml?.Encrypt
  if (typeof encrypted !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted))
    throw malformed('Encrypt is missing or not valid')
  return encrypted
}
