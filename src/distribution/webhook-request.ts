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

/** The most of a webhook's reply that is read (robots answer a few dozen bytes). */
const REPLY_LIMIT = 16_384

/**
 * POST like `postJson`, and also read the reply (up to 16 KB): chat robots answer HTTP 200 with
 * an error code in the body when they refuse a message.
 */
export async function postJsonReadingReply(
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: OutboundPolicy,
  timeoutMs = 10_000,
): Promise<{ status: number; reply: string }> {
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
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          if (size < REPLY_LIMIT) chunks.push(chunk)
          size += chunk.length
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            reply: Buffer.concat(chunks).toString('utf8').slice(0, REPLY_LIMIT),
          }),
        )
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}
