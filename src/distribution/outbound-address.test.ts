import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeliveryFailure, webhookChannel, type OutgoingInvitation } from './invitation-delivery.js'
import { isPublicAddress, OutboundAddressError } from './outbound-address.js'
import { postJson } from './webhook-request.js'

describe('outbound addresses', () => {
  it.each([
    ['8.8.8.8', true],
    ['114.114.114.114', true],
    ['2400:3200::1', true],
    ['127.0.0.1', false],
    ['10.20.30.40', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::a9fe:a9fe', false],
    ['not-an-ip', false],
    // IPv4 inside IPv6, in every form a host or router would follow to the IPv4 address.
    ['::127.0.0.1', false],
    ['::7f00:1', false],
    ['::10.0.0.1', false],
    ['::a00:1', false],
    ['::100', false],
    ['0:0:0:0:0:ffff:7f00:1', false],
    ['::ffff:0:7f00:1', false],
    ['64:ff9b::7f00:1', false],
    ['64:ff9b::127.0.0.1', false],
    ['2002:7f00:0001::', false],
    ['2002:c0a8:0101::1', false],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false],
    ['2400:3200::5efe:7f00:1', false],
    ['2400:3200::200:5efe:a9fe:a9fe', false],
    ['fe80::5efe:8.8.8.8', false],
    ['fe80::1%eth0', false],
    ['::ffff:127.0.0.1%lo', false],
    ['[::1]', false],
    // IPv4 in the forms inet_aton reads.
    ['2130706433', false],
    ['0x7f.1', false],
    ['0x7f000001', false],
    ['017700000001', false],
    ['0177.0.0.1', false],
    ['127.1', false],
    ['10.1', false],
    ['2852039166', false],
    ['0xa9.0xfe.0xa9.0xfe', false],
    ['134744072', true],
    ['256.1.1.1', false],
    ['1.2.3.4.5', false],
    // Public addresses behind the same wrappers stay public.
    ['::ffff:0:808:808', true],
    ['64:ff9b::808:808', true],
    ['2002:808:808::1', true],
    ['2400:3200::200:5efe:808:808', true],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected)
  })
})

describe('webhook requests go to allowed addresses only', () => {
  let server: Server
  let port = 0
  const received: string[] = []
  const invitation: OutgoingInvitation = {
    invitationId: 'inv1',
    distributionId: 'd1',
    surveyId: 's1',
    reminder: false,
    contact: { name: '张三', email: null, phone: '13800138000', attributes: {} },
    message: {
      subject: '邀请',
      text: '请填写',
      html: '<p>请填写</p>',
      link: 'https://survey.example.cn/s/x',
      unsubscribeLink: 'https://survey.example.cn/u/x',
      openPixel: 'https://survey.example.cn/o/x.gif',
    },
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push(body)
        res.statusCode = 204
        // No connection kept alive: a later request must connect (and be checked) again, not
        // reuse a socket an earlier test's policy allowed.
        res.setHeader('connection', 'close')
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('refuses this machine by IP literal and by name, before any byte is sent', async () => {
    received.length = 0
    await expect(
      postJson(`http://127.0.0.1:${port}/sms`, {}, '{}', { allowedHosts: [] }),
    ).rejects.toThrow(OutboundAddressError)
    await expect(
      postJson(`http://localhost:${port}/sms`, {}, '{}', { allowedHosts: [] }),
    ).rejects.toThrow(/localhost is (127\.0\.0\.1|::1), not a public address/)
    expect(received).toEqual([])
  })

  it('refuses this machine spelt as IPv4 inside IPv6 or as a number, before any byte is sent', async () => {
    received.length = 0
    for (const host of [
      '[::ffff:127.0.0.1]',
      '[::127.0.0.1]',
      '[::ffff:0:7f00:1]',
      '[64:ff9b::7f00:1]',
      '[2002:7f00:1::]',
      '2130706433',
      '0x7f.1',
      '017700000001',
    ]) {
      await expect(
        postJson(`http://${host}:${port}/sms`, {}, '{}', { allowedHosts: [] }),
        host,
      ).rejects.toThrow(OutboundAddressError)
    }
    expect(received).toEqual([])
  })

  it('reaches a host the operator allowed', async () => {
    received.length = 0
    expect(
      await postJson(
        `http://localhost:${port}/sms`,
        { 'content-type': 'application/json' },
        '{"a":1}',
        { allowedHosts: ['localhost'] },
      ),
    ).toBe(204)
    expect(received).toEqual(['{"a":1}'])
  })

  it('fails a refused invitation permanently, naming the setting that allows it', async () => {
    const failure = await webhookChannel(
      invitation,
      { url: `http://127.0.0.1:${port}/sms`, secret: 'gateway-secret-0001' },
      Date.now(),
      { allowedHosts: [] },
    ).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(DeliveryFailure)
    expect((failure as DeliveryFailure).permanent).toBe(true)
    expect((failure as DeliveryFailure).message).toBe(
      'webhook not sent: 127.0.0.1 is not a public address; an operator can allow it with MANYI_WEBHOOK_ALLOWED_HOSTS',
    )
  })
})
