import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import { aliyunSmsGateway } from './aliyun-sms-gateway.js'
import { aliyunSignature, aliyunStringToSign } from './aliyun-sms-signature.js'
import { webhookSignature } from './invitation-delivery.js'
import { smsGatewayConfigFromEnv, smsGatewayFor } from './sms-gateway-config.js'
import type { SmsMessage } from './sms-gateway.js'
import { tencentSmsGateway } from './tencent-sms-gateway.js'
import { tc3Authorization, tc3Signature } from './tencent-sms-signature.js'
import { webhookSmsGateway } from './webhook-sms-gateway.js'

const policy = { allowedHosts: ['127.0.0.1'] }
const ALIYUN_SECRET = 'aliyun-secret-never-logged'
const TENCENT_SECRET = 'tencent-secret-never-logged'
const WEBHOOK_SECRET = 'webhook-secret-never-logged'
const clock = () => new Date('2026-11-27T08:30:05.123Z')

const outage: SmsMessage = {
  phone: '13800138000',
  templateId: 'SMS_465890123',
  params: [
    { name: 'area', value: '城关区' },
    { name: 'start', value: '11月28日 08:00' },
  ],
  reference: 'msg-1',
}

describe('Alibaba Cloud RPC signature 1.0 (documented example)', () => {
  // "签名机制" worked example: DescribeRegions with AccessKeyId testid, secret testsecret.
  const params = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  }

  it('gives the documented string to sign and signature', () => {
    expect(aliyunStringToSign('GET', params)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    )
    expect(aliyunSignature('testsecret', 'GET', params)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=')
  })

  it('gives the signature of the documents that spell the parameter TimeStamp', () => {
    const { Timestamp, ...rest } = params
    expect(aliyunSignature('testsecret', 'GET', { ...rest, TimeStamp: Timestamp })).toBe(
      'CT9X0VtwR86fNWSnsc6v8YGOjuE=',
    )
  })
})

describe('Tencent Cloud TC3-HMAC-SHA256 (documented example)', () => {
  // "签名方法 v3" worked example: cvm DescribeInstances at 1551113065 (2019-02-25).
  const request = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'cvm',
    host: 'cvm.tencentcloudapi.com',
    contentType: 'application/json; charset=utf-8',
    payload:
      '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    timestamp: 1551113065,
  }

  it('gives the documented Authorization header', () => {
    expect(tc3Authorization(request)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    )
  })

  it('changes with one byte of the payload', () => {
    expect(tc3Signature({ ...request, payload: request.payload.replace('1', '2') })).not.toBe(
      '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    )
  })
})

interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A local stand-in for both clouds' SendSms and for a company SMS webhook: it recomputes each
 * request's signature from what arrived on the wire (with the secret it was configured with)
 * and answers the way the real service does.
 */
async function startStandIn() {
  const received: Received[] = []
  /** Replies queued per path (the next request to that path gets the first). */
  const queued: Record<string, Array<{ status: number; body: unknown }>> = {}
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const path = request.url ?? ''
      received.push({ path, headers: request.headers, body })
      const answer = queued[path]?.shift() ?? standInAnswer(path, request.headers, body)
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    queued,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function standInAnswer(
  path: string,
  headers: IncomingHttpHeaders,
  body: string,
): { status: number; body: unknown } {
  if (path === '/aliyun/') {
    const params = Object.fromEntries(new URLSearchParams(body))
    if (params.Signature !== aliyunSignature(ALIYUN_SECRET, 'POST', params))
      return {
        status: 400,
        body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched.' },
      }
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0' } }
  }
  if (path === '/tencent/') {
    const expected = tc3Authorization({
      secretId: 'AKIDstandin',
      secretKey: TENCENT_SECRET,
      service: 'sms',
      host: String(headers.host),
      contentType: String(headers['content-type']),
      payload: body,
      timestamp: Number(headers['x-tc-timestamp']),
    })
    if (headers.authorization !== expected)
      return {
        status: 200,
        body: {
          Response: {
            Error: {
              Code: 'AuthFailure.SignatureFailure',
              Message: 'The provided credentials could not be validated.',
            },
            RequestId: 'r1',
          },
        },
      }
    return {
      status: 200,
      body: {
        Response: {
          SendStatusSet: [
            { SerialNo: '5000:1045710669157053657849499619', Code: 'Ok', Message: 'send success' },
          ],
          RequestId: 'r2',
        },
      },
    }
  }
  const signature = webhookSignature(WEBHOOK_SECRET, String(headers['x-manyi-timestamp']), body)
  return headers['x-manyi-signature'] === signature
    ? { status: 202, body: { ok: true } }
    : { status: 401, body: { ok: false } }
}

describe('SMS gateways against a local stand-in', () => {
  let standIn: Awaited<ReturnType<typeof startStandIn>>
  beforeAll(async () => {
    standIn = await startStandIn()
  })
  afterAll(() => standIn.close())

  const aliyun = (secret = ALIYUN_SECRET) =>
    aliyunSmsGateway(
      {
        accessKeyId: 'LTAIstandin',
        accessKeySecret: secret,
        signName: '某供电公司',
        endpoint: `${standIn.base}/aliyun/`,
      },
      policy,
      clock,
    )
  const tencent = (secret = TENCENT_SECRET) =>
    tencentSmsGateway(
      {
        secretId: 'AKIDstandin',
        secretKey: secret,
        sdkAppId: '1400006666',
        signName: '某供电公司',
        region: 'ap-guangzhou',
        endpoint: `${standIn.base}/tencent/`,
      },
      policy,
      clock,
    )

  it('Alibaba Cloud: a signed SendSms with the template, its parameters by name and the number without +86', async () => {
    const outcome = await aliyun().send(outage)
    expect(outcome).toEqual({ sent: true, providerId: '900619746936498440^0' })
    const request = standIn.received.filter((r) => r.path === '/aliyun/').at(-1)
    const params = Object.fromEntries(new URLSearchParams(request?.body))
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(params).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      PhoneNumbers: '13800138000',
      SignName: '某供电公司',
      TemplateCode: 'SMS_465890123',
      TemplateParam: '{"area":"城关区","start":"11月28日 08:00"}',
      OutId: 'msg-1',
      Timestamp: '2026-11-27T08:30:05Z',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
    })
    // Space is %20 on the wire (RFC 3986), which the signature was computed over.
    expect(request?.body).toContain('08%3A00')
    expect(request?.body).not.toContain(ALIYUN_SECRET)
  })

  it('Alibaba Cloud: a wrong secret is refused by the gateway, permanently, and the secret is not in the reason', async () => {
    const outcome = await aliyun('someone-elses-secret').send(outage)
    expect(outcome).toEqual({
      sent: false,
      reason:
        'Alibaba Cloud SMS refused (HTTP 400, SignatureDoesNotMatch): Specified signature is not matched.',
      permanent: true,
    })
  })

  it('Alibaba Cloud: flow control is a refusal that may pass later', async () => {
    standIn.queued['/aliyun/'] = [
      {
        status: 200,
        body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' },
      },
    ]
    const outcome = await aliyun().send(outage)
    expect(outcome).toMatchObject({ sent: false, permanent: false })
  })

  it('Tencent Cloud: a TC3-signed SendSms with the parameters by position and an E.164 number', async () => {
    const outcome = await tencent().send({ ...outage, templateId: '1234567' })
    expect(outcome).toEqual({ sent: true, providerId: '5000:1045710669157053657849499619' })
    const request = standIn.received.filter((r) => r.path === '/tencent/').at(-1)
    expect(request?.headers).toMatchObject({
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': String(Math.floor(clock().getTime() / 1000)),
    })
    expect(request?.headers.authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDstandin\/2026-11-27\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
    )
    expect(JSON.parse(request?.body ?? '{}')).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '某供电公司',
      TemplateId: '1234567',
      TemplateParamSet: ['城关区', '11月28日 08:00'],
      SessionContext: 'msg-1',
    })
  })

  it('Tencent Cloud: HTTP 200 with a signature error is a permanent refusal', async () => {
    const outcome = await tencent('wrong').send(outage)
    expect(outcome).toEqual({
      sent: false,
      reason:
        'Tencent Cloud SMS refused (HTTP 200, AuthFailure.SignatureFailure): The provided credentials could not be validated.',
      permanent: true,
    })
  })

  it('Tencent Cloud: a per-number refusal in SendStatusSet is not a success', async () => {
    standIn.queued['/tencent/'] = [
      {
        status: 200,
        body: {
          Response: {
            SendStatusSet: [{ Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'bad' }],
          },
        },
      },
    ]
    expect(await tencent().send(outage)).toEqual({
      sent: false,
      reason:
        'Tencent Cloud SMS refused (HTTP 200, InvalidParameterValue.IncorrectPhoneNumber): bad',
      permanent: true,
    })
  })

  it('Webhook: signed JSON with an idempotency key; a wrong secret is answered 401', async () => {
    const gateway = (secret: string) =>
      webhookSmsGateway({ url: `${standIn.base}/company-sms`, secret }, policy, clock)
    expect(await gateway(WEBHOOK_SECRET).send(outage)).toEqual({ sent: true, providerId: 'msg-1' })
    const request = standIn.received.filter((r) => r.path === '/company-sms').at(-1)
    expect(request?.headers['idempotency-key']).toBe('msg-1')
    expect(JSON.parse(request?.body ?? '{}')).toEqual({
      reference: 'msg-1',
      phone: '+8613800138000',
      templateId: 'SMS_465890123',
      params: { area: '城关区', start: '11月28日 08:00' },
    })
    expect(await gateway('wrong-secret-wrong').send(outage)).toEqual({
      sent: false,
      reason: 'SMS webhook answered HTTP 401',
      permanent: true,
    })
  })

  it('a gateway on a private address the operator did not allow is refused without a request', async () => {
    const before = standIn.received.length
    const gateway = aliyunSmsGateway(
      {
        accessKeyId: 'x',
        accessKeySecret: ALIYUN_SECRET,
        signName: 's',
        endpoint: `${standIn.base}/aliyun/`,
      },
      { allowedHosts: [] },
      clock,
    )
    expect(await gateway.send(outage)).toMatchObject({ sent: false, permanent: true })
    expect(standIn.received.length).toBe(before)
  })

  it('refuses a message no gateway would take, naming each field, before sending anything', async () => {
    const before = standIn.received.length
    const bad: SmsMessage = {
      phone: '12345',
      templateId: 'SMS 1',
      params: [
        { name: 'area', value: 'x'.repeat(36) },
        { name: 'area', value: 'a\nb' },
      ],
      reference: 'msg-2',
    }
    const error = await aliyun()
      .send(bad)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED')
    expect((error as ValidationError).details.map((issue) => issue.path)).toEqual([
      'phone',
      'templateId',
      'params.0.value',
      'params.1.name',
      'params.1.value',
    ])
    expect(standIn.received.length).toBe(before)
  })

  it('keeps the secret out of the gateway object', () => {
    for (const gateway of [aliyun(), tencent()])
      expect(JSON.stringify(gateway)).not.toMatch(/never-logged/)
  })
})

describe('SMS gateway configuration', () => {
  it('is off without a provider', () => {
    expect(smsGatewayConfigFromEnv({})).toBeUndefined()
  })

  it('reads Tencent Cloud settings with the default endpoint and region', () => {
    const config = smsGatewayConfigFromEnv({
      MANYI_SMS_PROVIDER: 'tencent',
      MANYI_SMS_SECRET_ID: 'AKIDx',
      MANYI_SMS_SECRET_KEY: 'k',
      MANYI_SMS_SDK_APP_ID: '1400006666',
      MANYI_SMS_SIGN_NAME: '某公司',
    })
    expect(config).toMatchObject({
      provider: 'tencent',
      region: 'ap-guangzhou',
      endpoint: 'https://sms.tencentcloudapi.com/',
    })
    expect(smsGatewayFor(config as NonNullable<typeof config>, policy).provider).toBe('tencent')
  })

  it('names the missing variables and never echoes a secret', () => {
    const error = (() => {
      try {
        smsGatewayConfigFromEnv({
          MANYI_SMS_PROVIDER: 'aliyun',
          MANYI_SMS_ACCESS_KEY_ID: 'LTAIx',
          MANYI_SMS_ACCESS_KEY_SECRET: 'top-secret-value',
        })
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).details.map((issue) => issue.path)).toEqual([
      'MANYI_SMS_SIGN_NAME',
    ])
    expect(JSON.stringify(error)).not.toContain('top-secret-value')
  })
})
