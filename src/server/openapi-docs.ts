import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ErrorBodySchema } from '../shared/error-schema.js'
import { SESSION_COOKIE } from './plugins/auth.js'

/**
 * What the OpenAPI document (/api/docs/json) says beyond the route schemas:
 * how to authenticate and, for every operation, which error answers it can
 * give — all in the one documented error shape (docs/errors.md).
 */

export const SECURITY_SCHEMES = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (`manyi token create` or POST /api/v1/tokens) sent as `Authorization: Bearer <token>`.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The httpOnly session cookie set by POST /api/v1/auth/login.',
  },
} as const

/** Either credential will do. */
const AUTHENTICATED: Array<Record<string, string[]>> = [{ bearerToken: [] }, { sessionCookie: [] }]

/**
 * The operations anyone may call: the public answer API and logging in. The
 * same prefixes are exempt from the session check (plugins/auth.ts); the API
 * fuzz test checks that every other operation refuses an anonymous caller.
 */
export function isPublicOperation(url: string): boolean {
  return url.startsWith('/api/v1/public/') || url.startsWith('/api/v1/auth/login')
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input: VALIDATION_FAILED with a detail per field, INVALID_JSON, or another 400 code of docs/errors.md.',
  401: 'UNAUTHENTICATED: no valid session cookie or API token.',
  403: 'FORBIDDEN: the caller’s role lacks the permission (extra fields `permission`, `allowedRoles`), or another 403 code.',
  404: 'An unknown id, or one of another organisation (never told apart): a *_NOT_FOUND code.',
  409: 'The action conflicts with the current state (e.g. SURVEY_NOT_DRAFT, CASE_CHANGED).',
  410: 'The survey no longer takes answers (SURVEY_CLOSED, SURVEY_QUOTA_REACHED).',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than the operation takes.',
  414: 'PATH_TOO_LONG: a path parameter is longer than any id or key.',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not of a content-type the operation takes (JSON unless said otherwise).',
  429: 'RATE_LIMITED: too many requests from this client; extra field `retryAfter`, and a Retry-After header.',
  500: 'INTERNAL_ERROR: an unexpected failure; nothing internal is disclosed.',
}

/** ErrorBodySchema as JSON schema, shared by every error response of the document (components.schemas.ErrorBody). */
function errorJsonSchema(): Record<string, unknown> {
  const { $schema: _schema, ...json } = z.toJSONSchema(ErrorBodySchema, {
    target: 'openapi-3.0',
  }) as Record<string, unknown>
  return { $id: 'ErrorBody', title: 'ErrorBody', ...json }
}

interface RouteLike {
  method: string | string[]
  /** `errorStatuses`: statuses a route answers beyond what its path and method imply. */
  config?: { rateLimit?: unknown; errorStatuses?: readonly number[] } | null
}

/** The error statuses an operation can answer with; exported for the tests. */
export function errorStatuses(url: string, route: RouteLike): number[] {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) =>
    m.toUpperCase(),
  )
  const takesBody = methods.some((m) => m !== 'GET' && m !== 'HEAD')
  const statuses = new Set<number>([400, 500])
  if (url.includes(':') || url.includes('{')) statuses.add(404).add(414)
  if (takesBody) statuses.add(413).add(415)
  if (isPublicOperation(url)) {
    if (url.startsWith('/api/v1/public/surveys/')) statuses.add(410)
    if (url.startsWith('/api/v1/auth/login')) statuses.add(401)
  } else {
    statuses.add(401).add(403).add(404)
    if (takesBody) statuses.add(409)
  }
  if (route.config?.rateLimit) statuses.add(429)
  for (const status of route.config?.errorStatuses ?? []) statuses.add(status)
  return [...statuses].sort((a, b) => a - b)
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & { route: RouteLike }

/** The zod transform (route schemas → JSON schema), then security and error responses for /api/ operations. */
export function openApiTransform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const result = jsonSchemaTransform(input)
  const schema = result.schema as Record<string, unknown> | undefined
  if (!schema || schema.hide || !input.url.startsWith('/api/')) return result
  const response: Record<string, unknown> = {
    ...((schema.response as Record<string, unknown> | undefined) ?? {
      200: { description: 'Default Response' },
    }),
  }
  for (const status of errorStatuses(input.url, input.route)) {
    response[status] ??= { $ref: 'ErrorBody#', description: ERROR_RESPONSES[status] }
  }
  return {
    ...result,
    schema: { ...schema, response, security: isPublicOperation(input.url) ? [] : AUTHENTICATED },
  }
}

/** An /api/ route as registered: whether the document shows it, and the statuses its schema answers with. */
export interface ApiRoute {
  method: string
  url: string
  hidden: boolean
  responseStatuses: string[]
}

const apiRoutesOf = new WeakMap<FastifyInstance, ApiRoute[]>()

/** Every /api/ route of an app built with installOpenApiDocs, for the test that each declares its answer. */
export function apiRoutes(app: FastifyInstance): readonly ApiRoute[] {
  return apiRoutesOf.get(app) ?? []
}

/** The OpenAPI document at /api/docs/json: route schemas, security schemes and the shared error body. */
export async function installOpenApiDocs(app: FastifyInstance): Promise<void> {
  const routes: ApiRoute[] = []
  apiRoutesOf.set(app, routes)
  // Registered before any route (the hook sees the routes of every context registered after it).
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return
    const schema = route.schema as
      | { hide?: boolean; response?: Record<string, unknown> }
      | undefined
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      routes.push({
        method,
        url: route.url,
        hidden: schema?.hide === true,
        responseStatuses: Object.keys(schema?.response ?? {}),
      })
    }
  })
  app.addSchema(errorJsonSchema())
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Manyi API',
        description: 'Customer satisfaction management — 满意',
        version: '1',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: openApiTransform,
    // Shared schemas keep their names (components.schemas.ErrorBody) instead of def-0, def-1 ….
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  })
}

/**
 * The page's CSP as the UI sets it (its inline scripts allowed by hash), with three changes:
 * its inline styles allowed as on every page of the site (the UI sets style attributes as it
 * renders, which its "style-src 'self' https:" refused, a console error on every visit), no
 * image from validator.swagger.io (the plugin leaves the validator off by default), and no
 * upgrade-insecure-requests, which breaks the page on a plain-HTTP intranet address.
 */
export function apiDocsCsp(header: string): string {
  return header
    .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';")
    .replace(/font-src [^;]*;/, "font-src 'self' data:;")
    .replace(' validator.swagger.io', '')
    .replace(/\s*upgrade-insecure-requests;?/, '')
    .trim()
}

/** Swagger UI at /api/docs (in the site's context, behind its security headers). */
export async function installApiDocsPage(site: FastifyInstance): Promise<void> {
  await site.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: apiDocsCsp,
  })
}
