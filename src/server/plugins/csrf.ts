import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ForbiddenError } from '../../shared/errors.js'
import type { AppDeps } from '../deps.js'

/**
 * Cross-site request forgery: a page elsewhere makes the browser of a
 * logged-in user send a state-changing request to /api/v1 with the session
 * cookie. SameSite=Strict on the cookie is one wall; this is a second that
 * does not depend on the browser's cookie rules (docs/security.md):
 *
 * 1. A request that names where it comes from (Origin, or Referer when there
 *    is no Origin) must come from this server's own origin or the configured
 *    MANYI_PUBLIC_URL — refused on arrival, before its body is read.
 * 2. One that names no origin may not carry a body a cross-site page can send
 *    without a CORS preflight (a form, multipart, text/plain, or a body with
 *    no content-type) — refused once its type is known, after the route's own
 *    415 for types it does not take. JSON and every other type need a
 *    preflight, which this server never grants, and bodiless requests cannot
 *    come from a form.
 *
 * API tokens (Authorization: Bearer) are exempt: a browser never adds them by
 * itself. So are the public respondent routes (/api/v1/public/*, /s/…,
 * /complain/…), which carry no session.
 */

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Content types a cross-site page may send without a preflight (the Fetch standard's CORS-safelisted ones). */
const SIMPLE_BODY_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
])

function guarded(request: FastifyRequest): boolean {
  if (!STATE_CHANGING.has(request.method)) return false
  const url = request.url
  if (!url.startsWith('/api/v1/') || url.startsWith('/api/v1/public/')) return false
  // The same test the auth hook uses to pick the token over the cookie.
  return !request.headers.authorization?.startsWith('Bearer ')
}

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}

/** Where the request says it comes from: Origin, else Referer's origin; undefined when it says nothing. */
function claimedOrigin(request: FastifyRequest): string | null | undefined {
  const origin = request.headers.origin
  if (origin !== undefined) return origin === 'null' ? null : originOf(origin)
  const referer = request.headers.referer
  return referer === undefined || referer === '' ? undefined : originOf(referer)
}

/**
 * The origins a page of the admin app may have: the request's own scheme and
 * host (its Host header, or X-Forwarded-Host/-Proto from a trusted proxy), its
 * https twin when the server sees plain http (TLS ended by a proxy not listed
 * in MANYI_TRUST_PROXY), and MANYI_PUBLIC_URL.
 */
function allowedOrigins(request: FastifyRequest, publicOrigin: string | null): string[] {
  const own = originOf(`${request.protocol}://${request.host}`)
  const origins = publicOrigin ? [publicOrigin] : []
  if (own) origins.push(own)
  if (own?.startsWith('http://')) {
    const secure = originOf(`https://${request.host}`)
    if (secure) origins.push(secure)
  }
  return origins
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  )
}

export function installCsrfCheck(app: FastifyInstance, deps: AppDeps): void {
  const publicOrigin = deps.config.publicUrl ? originOf(deps.config.publicUrl) : null

  app.addHook('onRequest', async (request) => {
    if (!guarded(request)) return
    const claimed = claimedOrigin(request)
    if (claimed === undefined) return
    if (claimed === null || !allowedOrigins(request, publicOrigin).includes(claimed)) {
      const header = request.headers.origin !== undefined ? 'origin' : 'referer'
      throw new ForbiddenError(
        'CSRF_ORIGIN_MISMATCH',
        'This request comes from another site; state-changing API calls are taken only from the admin app’s own origin or with an API token.',
        [
          {
            path: header,
            reason: `${claimed ?? 'an opaque origin'} is not this server’s origin`,
            allowed: allowedOrigins(request, publicOrigin).join(', '),
          },
        ],
      )
    }
  })

  // After the body parser: a type the route does not take has already had its 415.
  app.addHook('preHandler', async (request) => {
    if (!guarded(request) || claimedOrigin(request) !== undefined) return
    const type = mediaType(request)
    if (SIMPLE_BODY_TYPES.has(type) || (type === '' && hasBody(request))) {
      throw new ForbiddenError(
        'CSRF_ORIGIN_REQUIRED',
        'A form, multipart or text body sent with a session cookie must say where it comes from (Origin or Referer); send JSON, or use an API token.',
        [
          {
            path: 'origin',
            reason: `missing on a ${type || 'typeless'} body`,
            allowed: 'an Origin header of this server, a JSON body, or Authorization: Bearer',
          },
        ],
      )
    }
  })
}
