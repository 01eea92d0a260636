import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

/**
 * An administrator saves a webhook distribution whose URL points at this
 * machine or the internal network in a spelling a naive check misses: the
 * save is refused, and nothing reaches the listening service.
 */
const LOOPBACK_AND_PRIVATE = [
  'http://[::127.0.0.1]:PORT/sms',
  'http://[::ffff:127.0.0.1]:PORT/sms',
  'http://[::ffff:7f00:1]:PORT/sms',
  'http://[0:0:0:0:0:ffff:7f00:1]:PORT/sms',
  'http://[::ffff:0:7f00:1]:PORT/sms',
  'http://[64:ff9b::7f00:1]:PORT/sms',
  'http://[64:ff9b::127.0.0.1]:PORT/sms',
  'http://[::7f00:1]:PORT/sms',
  'http://[2002:7f00:0001::]:PORT/sms',
  'http://[2002:a9fe:a9fe::1]/latest/meta-data',
  'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/sms',
  'http://[2400:3200::5efe:7f00:1]:PORT/sms',
  'http://[::10.0.0.1]/sms',
  'http://[::a00:1]/sms',
  'http://2130706433:PORT/sms',
  'http://0x7f.1:PORT/sms',
  'http://017700000001:PORT/sms',
  'http://0x7f000001:PORT/sms',
  'http://0177.0.0.1:PORT/sms',
  'http://127.1:PORT/sms',
  'http://2852039166/latest/meta-data',
  'https://0xa9.0xfe.0xa9.0xfe/latest/meta-data',
  'http://localhost:PORT/sms',
  'http://gateway.localhost:PORT/sms',
]

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

describeEachDialect('webhook URLs that reach this machine or the internal network', (ctx) => {
  let t: TestApp
  let gateway: Server
  let port = 0
  const received: string[] = []
  // Distributions the public-gateway test stored (whichever order the tests run in).
  let publicSaved = 0
  let surveyId = ''
  let listId = ''
  const admin = () => ({ cookie: t.adminCookie })
  const save = (url: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/distributions`,
      headers: admin(),
      payload: {
        name: '短信网关',
        listId,
        channel: 'webhook',
        webhook: { url, secret: 'gateway-secret-0001', channelName: 'sms' },
      },
    })

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      req.resume()
      received.push(`${req.method} ${req.url}`)
      res.statusCode = 204
      res.end()
    })
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve))
    port = (gateway.address() as AddressInfo).port
    t = await createTestApp(ctx.store)
    surveyId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin(),
        payload: SAMPLE_SURVEY,
      })
    ).json().id
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: admin(),
    })
    const list = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contact-lists',
      headers: admin(),
      payload: {
        name: '短信',
        file: { name: 'phones.csv', contentBase64: base64('手机,姓名\n13800138000,张三\n') },
      },
    })
    listId = list.json().list.id
  })
  afterAll(async () => {
    await t.app.close()
    await new Promise<void>((resolve) => gateway.close(() => resolve()))
  })

  it.each(LOOPBACK_AND_PRIVATE)(
    'refuses to save %s (400 WEBHOOK_ADDRESS_NOT_ALLOWED)',
    async (template) => {
      const res = await save(template.replace('PORT', String(port)))
      expect(res.statusCode).toBe(400)
      expect(res.json().error).toMatchObject({
        code: 'WEBHOOK_ADDRESS_NOT_ALLOWED',
        details: [{ path: 'webhook.url' }],
      })
    },
  )

  it('refuses a link-local address with a zone id as not a URL', async () => {
    for (const url of [
      `http://[fe80::1%25eth0]:${port}/sms`,
      `http://[::ffff:127.0.0.1%25lo]:${port}/sms`,
    ]) {
      const res = await save(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json().error.details[0], url).toMatchObject({ path: 'webhook.url' })
    }
  })

  it('stores no refused distribution, and sends nothing to the service on this machine', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/distributions`,
      headers: admin(),
    })
    expect(list.json().distributions).toHaveLength(publicSaved)
    await t.jobs.runOnce()
    expect(received).toEqual([])
  })

  it('still saves a public gateway and an IPv4-mapped public address', async () => {
    for (const url of [
      'https://sms.example.cn/send',
      'http://[::ffff:8.8.8.8]/send',
      'http://[2002:808:808::1]/send',
    ]) {
      expect((await save(url)).statusCode, url).toBe(201)
      publicSaved++
    }
  })
})
