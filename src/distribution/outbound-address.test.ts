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
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected)
  })
})

describe('webhook requests go to allowed addresses only', () => {
  let server: Server
  let port = 0
  const received: string[] = []
  const invitation: OutgoingInvitation = {
    invitationId: 'inv1', distributionId: 'd1', surveyId: 's1', reminder: false,
    contact: { name: '张三', email: null, phone: '13800138000', attributes: {} },
    message: { subject: '邀请', text: '请填写', html: '<p>请填写</p>', link: 'https://survey.example.cn/s/x', unsubscribeLink: 'https://survey.example.cn/u/x', openPixel: 'https://survey.example.cn/o/x.gif' },
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push(body)
        res.statusCode = 204
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('refuses this machine by IP literal and by name, before any byte is sent', async () => {
    await expect(postJson(`http://127.0.0.1:${port}/sms`, {}, '{}', { allowedHosts: [] })).rejects.toThrow(OutboundAddressError)
    await expect(postJson(`http://localhost:${port}/sms`, {}, '{}', { allowedHosts: [] })).rejects.toThrow(/localhost is (127\.0\.0\.1|::1), not a public address/)
    expect(received).toEqual([])
  })

  it('reaches a host the operator allowed', async () => {
    expect(await postJson(`http://localhost:${port}/sms`, { 'content-type': 'application/json' }, '{"a":1}', { allowedHosts: ['localhost'] })).toBe(204)
    expect(received).toEqual(['{"a":1}'])
  })

  it('fails a refused invitation permanently, naming the setting that allows it', async () => {
    const failure = await webhookChannel(invitation, { url: `http://127.0.0.1:${port}/sms`, secret: 'gateway-secret-0001' }, Date.now(), { allowedHosts: [] }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(DeliveryFailure)
    expect((failure as DeliveryFailure).permanent).toBe(true)
    expect((failure as DeliveryFailure).message).toBe('webhook not sent: 127.0.0.1 is not a public address; an operator can allow it with MANYI_WEBHOOK_ALLOWED_HOSTS')
  })
})
