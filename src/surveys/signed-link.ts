import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { OrgScope } from '../db/scope.js'
import type { TtlCache } from '../shared/ttl-cache.js'
import { ValidationError } from '../shared/errors.js'
import { linkSecretOf } from '../organisations/organisation.service.js'

/**
 * Signed survey links: hidden fields (customer id, order id, store …) carried
 * in one token `base64url(JSON).base64url(HMAC-SHA256)` that the
 * organisation's systems make with its link secret, so a respondent cannot
 * change them. Fields a survey lists in `signedFields` are taken only from
 * such a token.
 */

export interface LinkFields {
  fields: Record<string, string>
  /** Epoch seconds after which the link no longer counts. */
  exp?: number
}

/**
 * What a token's payload must be. Field values are kept open here (non-strings and overlong ones
 * are dropped below, as before): the organisation's systems sign them, a respondent cannot.
 */
const SignedPayload = z.object({
  fields: z.record(z.string(), z.unknown()),
  exp: z.number().optional(),
})

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url')
}

export function signLinkToken(secret: string, content: LinkFields): string {
  const payload = Buffer.from(JSON.stringify(content)).toString('base64url')
  return `${payload}.${sign(secret, payload)}`
}

function invalid(reason: string): ValidationError {
  return new ValidationError('LINK_TOKEN_INVALID', 'The signed link is not valid.', [
    { path: 'linkToken', reason },
  ])
}

/** The fields of a valid, unexpired token; LINK_TOKEN_INVALID otherwise. */
export function verifyLinkToken(
  secret: string,
  token: string,
  now: number,
): Record<string, string> {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined || token.length > 4000)
    throw invalid('is not of the form payload.signature')
  const expected = Buffer.from(sign(secret, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw invalid('the signature does not match')
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    throw invalid('the payload is not JSON')
  }
  const parsed = SignedPayload.safeParse(json)
  if (!parsed.success) throw invalid('the payload has no fields, or an expiry that is not a number')
  const content = parsed.data
  if (content.exp !== undefined && now / 1000 > content.exp) throw invalid('the link has expired')
  // fromEntries, not assignment: a field named __proto__ stays an ordinary field.
  return Object.fromEntries(
    Object.entries(content.fields).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].length <= 200,
    ),
  )
}

/**
 * Organisations' link secrets by organisation id: the app's (src/server/deps.ts), so the public
 * answer paths and the complaint form don't read the secret for every signed link. A secret never
 * changes once made, so an entry is never stale; the cache only bounds how many are kept.
 */
export type LinkSecretCache = TtlCache<string, string>

/**
 * The organisation's link secret, created on first use (concurrent first uses agree on one);
 * from `cache` when given (the public paths), else read.
 */
export async function organisationLinkSecret(
  scope: OrgScope,
  cache?: LinkSecretCache,
): Promise<string> {
  const cached = cache?.get(scope.orgId)
  if (cached) return cached
  const secret = await linkSecretOf(scope)
  cache?.set(scope.orgId, secret)
  return secret
}
