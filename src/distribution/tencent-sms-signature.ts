import { createHash, createHmac } from 'node:crypto'

/**
 * Tencent Cloud API 3.0 signature v3, TC3-HMAC-SHA256, as documented in "签名方法 v3" /
 * "Signature v3" (https://cloud.tencent.com/document/api/213/30654, the same page under
 * every product's API docs, e.g. SMS https://cloud.tencent.com/document/api/382/52072):
 *   CanonicalRequest = POST \n / \n (empty query) \n CanonicalHeaders \n SignedHeaders \n
 *     hex(SHA256(payload)); CanonicalHeaders = "content-type:…\nhost:…\n" (lower-case names);
 *   StringToSign = "TC3-HMAC-SHA256" \n timestamp \n date/service/tc3_request \n
 *     hex(SHA256(CanonicalRequest)), date being the UTC day of the timestamp;
 *   SecretSigning = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request");
 *   Signature = hex(HMAC-SHA256(SecretSigning, StringToSign)).
 * The documented worked example (cvm DescribeInstances, timestamp 1551113065) is in the test.
 */
export interface Tc3Request {
  secretId: string
  secretKey: string
  /** The product's short name, the host's first label: "sms", "cvm". */
  service: string
  /** The Host header exactly as sent, with a port when the URL has one. */
  host: string
  contentType: string
  /** The JSON body, byte for byte as sent. */
  payload: string
  /** Unix seconds, the X-TC-Timestamp header. */
  timestamp: number
}

const ALGORITHM = 'TC3-HMAC-SHA256'
const SIGNED_HEADERS = 'content-type;host'

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest()
}

/** The UTC calendar day of a Unix time, YYYY-MM-DD: part of the credential scope. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10)
}

export function tc3CanonicalRequest(request: Tc3Request): string {
  const headers = `content-type:${request.contentType}\nhost:${request.host}\n`
  return ['POST', '/', '', headers, SIGNED_HEADERS, sha256Hex(request.payload)].join('\n')
}

export function tc3StringToSign(request: Tc3Request): string {
  const scope = `${tc3Date(request.timestamp)}/${request.service}/tc3_request`
  return [
    ALGORITHM,
    String(request.timestamp),
    scope,
    sha256Hex(tc3CanonicalRequest(request)),
  ].join('\n')
}

export function tc3Signature(request: Tc3Request): string {
  const secretDate = hmac(`TC3${request.secretKey}`, tc3Date(request.timestamp))
  const secretService = hmac(secretDate, request.service)
  const secretSigning = hmac(secretService, 'tc3_request')
  return createHmac('sha256', secretSigning).update(tc3StringToSign(request), 'utf8').digest('hex')
}

/** The Authorization header's value. */
export function tc3Authorization(request: Tc3Request): string {
  const scope = `${tc3Date(request.timestamp)}/${request.service}/tc3_request`
  return `${ALGORITHM} Credential=${request.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${tc3Signature(request)}`
}
