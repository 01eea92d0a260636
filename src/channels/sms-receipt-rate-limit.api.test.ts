import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { smsReceiptPathsOf } from './sms-receipt-token.service.js'

// The SMS receipt address's own rate limit, over HTTP on both stores. The clouds push receipts
// in bursts from a few addresses: a push with the organisation's token counts under the
// organisation (here 12 a minute), not under the client's address at the public limit (here 5);
// pushes with a wrong token count under the client's address, and a forged X-Forwarded-For (no
// proxy is trusted) starts no fresh count.
const PUBLIC_LIMIT = 5
const RECEIPT_LIMIT = 12

describeEachDialect('the SMS receipt address’s own rate limit', (ctx) => {
  let t: TestApp
  let aliyun = ''
  const push = (path: string, forwardedFor?: string) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
      payload: '[]',
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store, {
      publicRateLimit: PUBLIC_LIMIT,
      smsReceiptRateLimit: RECEIPT_LIMIT,
      webhookAllowedHosts: '127.0.0.1',
    })
    // Choosing a cloud gateway makes the organisation's receipt token.
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/channel-settings',
      headers: { cookie: t.adminCookie },
      payload: {
        smsProvider: 'aliyun',
        smsKeyId: 'LTAI5tStandInKey01',
        smsKeySecret: 'aliyun-secret-0123456789-abcd',
        smsSignName: '某供电公司',
        smsEndpoint: 'http://127.0.0.1:9/aliyun/',
        smsNoticeTemplateId: 'SMS_465890123',
      },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    aliyun = (await smsReceiptPathsOf(t.db, t.orgId))!.aliyun
  })

  afterAll(async () => {
    await t.app.close()
  })

  it('counts a cloud’s pushes per organisation, and wrong tokens per client address', async () => {
    // Wrong tokens from this client: refused, then limited at the public limit, forged header or not.
    const wrong = aliyun.replace(/\/[^/]+\/aliyun$/, '/not-the-token/aliyun')
    const refused: number[] = []
    for (let i = 0; i < PUBLIC_LIMIT; i++) refused.push((await push(wrong)).statusCode)
    expect(refused).toEqual(Array(PUBLIC_LIMIT).fill(401))
    expect((await push(wrong)).statusCode).toBe(429)
    expect((await push(wrong, '203.0.113.7')).statusCode).toBe(429)
    // Made-up tokens start no count of their own either.
    expect((await push(wrong.replace('not-the-token', 'another-made-up-one'))).statusCode).toBe(429)

    // The right token from the same (limited) client: taken up to the organisation's limit,
    // far beyond the public one, then limited.
    const taken: number[] = []
    for (let i = 0; i < RECEIPT_LIMIT; i++) taken.push((await push(aliyun)).statusCode)
    expect(taken).toEqual(Array(RECEIPT_LIMIT).fill(200))
    const over = await push(aliyun)
    expect([over.statusCode, over.json().error.code]).toEqual([429, 'RATE_LIMITED'])
    // Another address gives the same organisation no fresh count.
    expect((await push(aliyun, '198.51.100.9')).statusCode).toBe(429)
  })
})
