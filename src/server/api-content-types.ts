import type { FastifyInstance, FastifyRequest } from 'fastify'
import { UnsupportedMediaTypeError } from '../shared/errors.js'

/** What an /api/ operation takes as its body unless its schema says otherwise (`consumes`). */
export const DEFAULT_API_MEDIA_TYPES = ['application/json'] as const

/** The media types an operation takes: its schema's `consumes` (also what OpenAPI shows), else JSON. */
export function acceptedMediaTypes(schema: unknown): readonly string[] {
  const consumes = (schema as { consumes?: unknown } | undefined)?.consumes
  return Array.isArray(consumes) && consumes.length > 0
    ? consumes.map((type) => String(type).toLowerCase())
    : DEFAULT_API_MEDIA_TYPES
}

/** Whether the request matched a JSON API route (`/api/…`); false for unknown routes. */
export function isApiRoute(request: FastifyRequest): boolean {
  return !request.is404 && (request.routeOptions.url ?? '').startsWith('/api/')
}

function mediaTypeOf(header: string): string {
  return header.split(';')[0]!.trim().toLowerCase()
}

/**
 * The JSON API takes JSON, and only the operations that say so (raw file
 * uploads) take something else. The form parser registered for the
 * server-rendered pages, and Fastify's own text/plain parser, would otherwise
 * hand a form or a string to any /api/ handler — answers in a shape nobody
 * documented, and a form post is what a cross-site page can send without a
 * CORS preflight. Checked before the body is read, so nothing is parsed; added
 * as each /api/ route's last preParsing hook, so a route's own checks before
 * the body (authentication, the upload permission) still answer first.
 */
export function installApiContentTypes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url?.startsWith('/api/')) return
    const methods = [route.method].flat()
    if (methods.every((method) => method === 'GET' || method === 'HEAD')) return
    const accepted = acceptedMediaTypes(route.schema)
    const check = async (request: FastifyRequest): Promise<void> => {
      const header = request.headers['content-type']
      // No content-type: no body (Fastify refuses a body without one with 415 itself).
      if (header === undefined) return
      const type = mediaTypeOf(header)
      if (accepted.includes(type)) return
      throw new UnsupportedMediaTypeError(
        'UNSUPPORTED_MEDIA_TYPE',
        `This operation takes ${accepted.join(' or ')}, not ${JSON.stringify(type.slice(0, 100))}.`,
        [
          {
            path: 'content-type',
            reason: `${JSON.stringify(type.slice(0, 100))} is not accepted`,
            allowed: accepted.join(', '),
          },
        ],
      )
    }
    route.preParsing = [...[route.preParsing ?? []].flat(), check]
  })
}
