import { createHmac } from 'node:crypto'

/**
 * Alibaba Cloud's RPC signature, version 1.0 (HMAC-SHA1), as documented in
 * "Request syntax and signature method V2 for RPC APIs" / "签名机制"
 * (https://help.aliyun.com/document_detail/315526.html, also
 * https://www.alibabacloud.com/help/doc-detail/196741.htm):
 *   CanonicalizedQueryString = the parameters (all but Signature), sorted by name
 *     (byte order), each name and value percent-encoded, joined as name=value with &;
 *   StringToSign = HTTPMethod & percentEncode("/") & percentEncode(CanonicalizedQueryString);
 *   Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", UTF-8(StringToSign))).
 * The documented worked example (DescribeRegions, testid/testsecret) is in the test.
 */

/**
 * RFC 3986 encoding as the document asks: UTF-8, unreserved characters (A–Z a–z 0–9 - _ . ~)
 * kept, space as %20 (not +), * as %2A, ~ kept. encodeURIComponent leaves ! ' ( ) * too.
 */
export function aliyunPercentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** The canonicalized query string: every parameter but Signature, sorted by name. */
export function aliyunCanonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name] ?? '')}`)
    .join('&')
}

export function aliyunStringToSign(
  method: 'GET' | 'POST',
  params: Readonly<Record<string, string>>,
): string {
  return `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`
}

export function aliyunSignature(
  accessKeySecret: string,
  method: 'GET' | 'POST',
  params: Readonly<Record<string, string>>,
): string {
  return createHmac('sha1', `${accessKeySecret}&`)
    .update(aliyunStringToSign(method, params), 'utf8')
    .digest('base64')
}
