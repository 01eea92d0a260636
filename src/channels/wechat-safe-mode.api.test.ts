import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  decryptWechatMessage,
  encryptWechatMessage,
  wechatAesKey,
  wechatEncryptedPart,
  wechatMessageSignature,
} from '../feedback/channel-message.service.js'
import { wechatSignature } from '../feedback/wechat-official-account.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { findChannelSettings } from './channel-settings.repository.js'

// The Official Account in safe mode (安全模式) over real HTTP on both stores: messages encrypted
// as WeChat encrypts them (the crypto itself is checked against Tencent's samples in
// wechat-message-crypto.test.ts), their msg_signature checked, the reply encrypted back.
const at = (local: string) => Date.parse(`${local}+08:00`)
const TOKEN = 'safeModeToken2026'
const APP_ID = 'wx0123456789abcdef'
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C'
const ACK = '您的留言已收到，我们会尽快处理并回复您。'

describeEachDialect('channels: WeChat safe mode', (ctx) => {
  let t: TestApp
  let base = ''
  const key = wechatAesKey(AES_KEY)
  const seconds = () => String(Math.floor(t.clock.now / 1000))
  const put = (payload: object) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/channel-settings',
      headers: { cookie: t.adminCookie },
      payload,
    })
  const settings = { smsProvider: 'webhook', wechatEnabled: true, wechatAppId: APP_ID }
  const textMessage = (msgId: string, content: string) =>
    `<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oUser_Safe01]]></FromUserName><CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`
  /** A push as WeChat sends it in safe mode: the URL signed both ways, the body an envelope. */
  const encryptedPush = (nonce: string, message: string, appId = APP_ID) => {
    const timestamp = seconds()
    const encrypted = encryptWechatMessage(key, message, appId, Buffer.alloc(16, nonce))
    const query = {
      signature: wechatSignature(TOKEN, timestamp, nonce),
      timestamp,
      nonce,
      openid: 'oUser_Safe01',
      encrypt_type: 'aes',
      msg_signature: wechatMessageSignature(TOKEN, timestamp, nonce, encrypted),
    }
    const body = `<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`
    return { query, body, encrypted }
  }
  const post = (query: Record<string, string>, body: string) =>
    fetch(`${base}/api/v1/public/wechat/${t.orgId}?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
    })
  const feedbackWith = async (keyword: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/feedback?keyword=${encodeURIComponent(keyword)}`,
        headers: { cookie: t.adminCookie },
      })
    ).json().feedback.length

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    t.clock.now = at('2026-10-12T09:00:00')
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@test.local', password: 'correct-horse-battery' },
    })
    t.adminCookie = cookieHeader(login)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('keeps the EncodingAESKey sealed, shown as set / last four, and needs the AppID with it', async () => {
    const noAppId = await put({
      ...settings,
      wechatAppId: null,
      wechatToken: TOKEN,
      wechatEncodingAesKey: AES_KEY,
    })
    expect(noAppId.statusCode).toBe(400)
    expect(noAppId.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'wechatAppId',
    ])
    const malformed = await put({ ...settings, wechatToken: TOKEN, wechatEncodingAesKey: 'short' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.details[0].path).toBe('wechatEncodingAesKey')
    const saved = await put({ ...settings, wechatToken: TOKEN, wechatEncodingAesKey: AES_KEY })
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json().wechatEncodingAesKey).toEqual({ set: true, last4: '2B2C' })
    expect(saved.body).not.toContain(AES_KEY)
    expect(JSON.stringify(await findChannelSettings(t.db, t.orgId))).not.toContain(AES_KEY)
  })

  it('takes an encrypted text, answers with an encrypted reply WeChat can check, the same for a retry', async () => {
    const push = encryptedPush(
      'n-safe-1',
      textMessage('34567890123456781', '营业厅空调坏了一个星期'),
    )
    const answered = await post(push.query, push.body)
    expect(answered.status).toBe(200)
    expect(answered.headers.get('content-type')).toContain('application/xml')
    const xml = await answered.text()
    // The reply is an envelope: its msg_signature holds under the request's timestamp and nonce,
    // and inside is the passive reply for the account's AppID.
    const encrypted = wechatEncryptedPart(xml)
    expect(xml).toContain(`<TimeStamp>${push.query.timestamp}</TimeStamp>`)
    expect(xml).toContain('<Nonce><![CDATA[n-safe-1]]></Nonce>')
    expect(xml).toContain(
      `<MsgSignature><![CDATA[${wechatMessageSignature(TOKEN, push.query.timestamp, 'n-safe-1', encrypted)}]]></MsgSignature>`,
    )
    expect(xml).not.toContain(ACK)
    const reply = decryptWechatMessage(key, encrypted, APP_ID)
    expect(reply).toContain('<ToUserName><![CDATA[oUser_Safe01]]></ToUserName>')
    expect(reply).toContain(`<Content><![CDATA[${ACK}]]></Content>`)
    expect(await feedbackWith('空调坏了')).toBe(1)
    // WeChat's retry of the same request: the same bytes, nothing stored twice.
    const retried = await post(push.query, push.body)
    expect([retried.status, await retried.text()]).toEqual([200, xml])
    expect(await feedbackWith('空调坏了')).toBe(1)
  })

  it('refuses plain messages, a wrong msg_signature and another account’s AppID once in safe mode', async () => {
    const timestamp = seconds()
    const plain = await post(
      { signature: wechatSignature(TOKEN, timestamp, 'n-plain'), timestamp, nonce: 'n-plain' },
      textMessage('34567890123456782', '明文伪造的留言'),
    )
    expect([plain.status, (await plain.json()).error.code]).toEqual([401, 'UNAUTHENTICATED'])
    const push = encryptedPush('n-safe-2', textMessage('34567890123456783', '签名不对的留言'))
    const badSignature = await post({ ...push.query, msg_signature: 'f'.repeat(40) }, push.body)
    expect(badSignature.status).toBe(401)
    const otherApp = encryptedPush(
      'n-safe-3',
      textMessage('34567890123456784', '别的公众号的留言'),
      'wxfedcba9876543210',
    )
    expect((await post(otherApp.query, otherApp.body)).status).toBe(401)
    expect([
      await feedbackWith('明文伪造'),
      await feedbackWith('签名不对'),
      await feedbackWith('别的公众号'),
    ]).toEqual([0, 0, 0])
    // After a refused try the genuine request with that timestamp and nonce is still taken.
    const genuine = encryptedPush('n-safe-2', textMessage('34567890123456785', '正常的第二条留言'))
    expect((await post(genuine.query, genuine.body)).status).toBe(200)
    expect(await feedbackWith('正常的第二条')).toBe(1)
  })

  it('acknowledges an encrypted event with success, and takes plain messages again once the key is cleared', async () => {
    const event = encryptedPush(
      'n-safe-event',
      `<xml><ToUserName><![CDATA[gh_0a1b2c3d4e5f]]></ToUserName><FromUserName><![CDATA[oUser_Safe02]]></FromUserName><CreateTime>${seconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`,
    )
    const acknowledged = await post(event.query, event.body)
    expect([acknowledged.status, await acknowledged.text()]).toEqual([200, 'success'])
    const cleared = await put({ ...settings, wechatEncodingAesKey: null })
    expect(cleared.statusCode, cleared.body).toBe(200)
    expect(cleared.json().wechatEncodingAesKey).toEqual({ set: false, last4: null })
    const timestamp = seconds()
    const plain = await post(
      { signature: wechatSignature(TOKEN, timestamp, 'n-plain-2'), timestamp, nonce: 'n-plain-2' },
      textMessage('34567890123456786', '回到明文模式的留言'),
    )
    expect(plain.status).toBe(200)
    expect(await plain.text()).toContain(`<Content><![CDATA[${ACK}]]></Content>`)
    expect(await feedbackWith('回到明文模式')).toBe(1)
  })
})
