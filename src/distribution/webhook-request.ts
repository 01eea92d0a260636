import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { checkLiteralHost, guardedLookup, type OutboundPolicy } from './outbound-address.js'

/**
 * POST a JSON body to a webhook and resolve to the HTTP status. Only to
 * addresses the outbound policy allows (checked on the address actually
 * connected to); redirects are not followed; the whole exchange has a deadline.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: OutboundPolicy,
  timeoutMs = 10_000,
): Promise<number> {
  const target = new URL(url)
  checkLiteralHost(target, policy)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(policy),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        // The body is not needed; reading it to the end frees the connection.
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}
