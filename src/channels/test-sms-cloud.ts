import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { aliyunSignature } from '../distribution/aliyun-sms-signature.js'
import { tc3Authorization } from '../distribution/tencent-sms-signature.js'

/** One SendSms request as it arrived, and whether its signature held. */
export interface CloudSmsRequest {
  provider: 'aliyun' | 'tencent'
  signed: boolean
  /** Alibaba Cloud: the form's fields; Tencent Cloud: the JSON payload. */
  fields: Record<string, unknown>
}

/**
 * Test-only: Alibaba Cloud's and Tencent Cloud's SendSms in one local server (/aliyun/,
 * /tencent/). Each request's signature is recomputed from the bytes received with the key the
 * stand-in was told (`keys`, changeable between tests), and answered as the real service does:
 * Alibaba SignatureDoesNotMatch (HTTP 400), Tencent AuthFailure.SignatureFailure (HTTP 200).
 */
export async function startCloudSmsStandIn(keys: {
  aliyun: { id: string; secret: string }
  tencent: { id: string; secret: string }
}) {
  const requests: CloudSmsRequest[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const answer = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(json))
      }
      if (request.url === '/aliyun/') {
        const fields = Object.fromEntries(new URLSearchParams(body))
        const signed =
          fields.AccessKeyId === keys.aliyun.id &&
          fields.Signature === aliyunSignature(keys.aliyun.secret, 'POST', fields)
        requests.push({ provider: 'aliyun', signed, fields })
        if (!signed)
          return answer(400, {
            Code: 'SignatureDoesNotMatch',
            Message: 'Specified signature is not matched with our calculation.',
          })
        return answer(200, { Code: 'OK', Message: 'OK', BizId: `biz-${requests.length}` })
      }
      const expected = tc3Authorization({
        secretId: keys.tencent.id,
        secretKey: keys.tencent.secret,
        service: 'sms',
        host: String(request.headers.host),
        contentType: String(request.headers['content-type']),
        payload: body,
        timestamp: Number(request.headers['x-tc-timestamp']),
      })
      const signed = request.headers.authorization === expected
      requests.push({ provider: 'tencent', signed, fields: JSON.parse(body) })
      if (!signed)
        return answer(200, {
          Response: {
            Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature mismatch' },
            RequestId: 'r',
          },
        })
      return answer(200, {
        Response: {
          SendStatusSet: [{ SerialNo: `serial-${requests.length}`, Code: 'Ok', Message: 'ok' }],
          RequestId: 'r',
        },
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    keys,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
