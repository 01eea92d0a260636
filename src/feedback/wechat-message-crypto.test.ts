import { describe, expect, it } from 'vitest'
import { UnauthorizedError, ValidationError } from '../shared/errors.js'
import {
  checkWechatMessageSignature,
  decryptWechatMessage,
  encryptedWechatReply,
  encryptWechatMessage,
  wechatAesKey,
  wechatEncryptedPart,
  wechatMessageSignature,
  wechatReplyRandom,
} from './wechat-message-crypto.js'

// Tencent's own WXBizMsgCrypt sample (C# Sample.cs): token QDG6eK, AppID wx5823bf96d3bd56c7.
const SAMPLE = {
  token: 'QDG6eK',
  appId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypted:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
}

describe('WeChat safe mode (消息加解密)', () => {
  it('checks the msg_signature of Tencent’s sample', () => {
    expect(
      wechatMessageSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, SAMPLE.encrypted),
    ).toBe(SAMPLE.msgSignature)
    expect(() =>
      checkWechatMessageSignature(
        SAMPLE.token,
        { timestamp: SAMPLE.timestamp, nonce: SAMPLE.nonce, msg_signature: SAMPLE.msgSignature },
        SAMPLE.encrypted,
      ),
    ).not.toThrow()
    expect(() =>
      checkWechatMessageSignature(
        SAMPLE.token,
        { timestamp: SAMPLE.timestamp, nonce: '1372623150', msg_signature: SAMPLE.msgSignature },
        SAMPLE.encrypted,
      ),
    ).toThrow(UnauthorizedError)
  })

  it('decrypts Tencent’s sample message to its text message for the AppID', () => {
    const key = wechatAesKey(SAMPLE.encodingAesKey)
    const xml = decryptWechatMessage(key, SAMPLE.encrypted, SAMPLE.appId)
    expect(xml).toContain('<Content><![CDATA[hello]]></Content>')
    expect(xml).toContain('<MsgId>4561255354251345929</MsgId>')
    // Another account's AppID, or another key: refused as unsigned.
    expect(() => decryptWechatMessage(key, SAMPLE.encrypted, 'wx0000000000000000')).toThrow(
      UnauthorizedError,
    )
    const otherKey = wechatAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')
    expect(() => decryptWechatMessage(otherKey, SAMPLE.encrypted, SAMPLE.appId)).toThrow(
      UnauthorizedError,
    )
  })

  it('encrypts as Tencent’s Java sample does, Chinese counted in bytes', () => {
    // WXBizMsgCryptTest.java: random "aaaabbbbccccdddd", AppID wxb11529c136998cb6.
    const key = wechatAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')
    const encrypted = encryptWechatMessage(
      key,
      '我是中文abcd123',
      'wxb11529c136998cb6',
      Buffer.from('aaaabbbbccccdddd'),
    )
    expect(encrypted).toBe(
      'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
    )
    expect(decryptWechatMessage(key, encrypted, 'wxb11529c136998cb6')).toBe('我是中文abcd123')
  })

  it('signs a reply so that WeChat’s own check holds, the same bytes for the same request', () => {
    const key = wechatAesKey(SAMPLE.encodingAesKey)
    const random = wechatReplyRandom(key, '1409659813:1372623149')
    expect(random.equals(wechatReplyRandom(key, '1409659813:1372623149'))).toBe(true)
    expect(random.equals(wechatReplyRandom(key, '1409659813:1372623150'))).toBe(false)
    const encrypted = encryptWechatMessage(key, '<xml>reply</xml>', SAMPLE.appId, random)
    const reply = encryptedWechatReply(SAMPLE.token, encrypted, SAMPLE.timestamp, SAMPLE.nonce)
    const signature = /<MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]>/.exec(reply)![1]
    expect(signature).toBe(
      wechatMessageSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, encrypted),
    )
    expect(wechatEncryptedPart(reply)).toBe(encrypted)
  })

  it('refuses a key that is not an EncodingAESKey and an envelope without Encrypt', () => {
    expect(() => wechatAesKey('short')).toThrow(ValidationError)
    expect(() => wechatAesKey(`${SAMPLE.encodingAesKey.slice(0, 42)}!`)).toThrow(ValidationError)
    expect(() => wechatEncryptedPart('<xml><ToUserName>x</ToUserName></xml>')).toThrow(
      ValidationError,
    )
    expect(() => wechatEncryptedPart('<!DOCTYPE x><xml><Encrypt>abc</Encrypt></xml>')).toThrow(
      ValidationError,
    )
  })
})
