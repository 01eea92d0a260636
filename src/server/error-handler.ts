import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type FieldIssue } from '../shared/errors.js'
import { errorBody, mapError, type ErrorBody } from '../shared/error-map.js'
import { acceptedMediaTypes, isApiRoute } from './api-content-types.js'

/** Fastify's own 4xx errors without a more specific entry below, mapped by status to stable codes. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'PATH_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
}

interface KnownFrameworkError {
  status: number
  code: string
  message: string
  details: (error: FastifyError, request: FastifyRequest) => FieldIssue[]
}

/**
 * Fastify's errors (by their FST_ERR_* code) that a client causes, each with
 * its own stable code and a message that says what to change. Fastify's own
 * messages echo the whole offending path or name internals; these do not.
 */
const KNOWN_FRAMEWORK_ERRORS: Record<string, KnownFrameworkError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'INVALID_JSON',
    message: 'The body is not valid JSON (or it has a __proto__ or constructor.prototype key).',
    details: () => [{ path: 'body', reason: 'not parseable as JSON', allowed: 'a JSON document' }],
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'INVALID_JSON',
    message:
      'The body is empty but its content-type says JSON; send a JSON document, or no content-type with no body.',
    details: () => [{ path: 'body', reason: 'empty', allowed: 'a JSON document' }],
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is larger than this operation takes.',
    details: (_error, request) => [
      {
        path: 'body',
        reason: 'too large',
        allowed: `at most ${request.routeOptions.bodyLimit} bytes`,
      },
    ],
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'MALFORMED_REQUEST',
    message: 'The content-length header does not match the body.',
    details: () => [{ path: 'content-length', reason: 'does not match the body' }],
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'This operation does not take a body of this content-type.',
    details: (_error, request) => {
      const issue: FieldIssue = {
        path: 'content-type',
        reason: `${describeContentType(request)} is not accepted`,
      }
      if (isApiRoute(request))
        issue.allowed = acceptedMediaTypes(request.routeOptions.schema).join(', ')
      return [issue]
    },
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'PATH_TOO_LONG',
    message: 'A path parameter is longer than any id or key can be.',
    details: (_error, request) => [
      {
        path: 'path',
        reason: 'a path parameter is too long',
        allowed: `at most ${maxParamLength(request)} characters`,
      },
    ],
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'URL_MALFORMED',
    message: 'The path is not a valid URL (e.g. a broken %-escape).',
    details: () => [{ path: 'path', reason: 'not a valid URL component' }],
  },
}

function describeContentType(request: FastifyRequest): string {
  const type = request.headers['content-type']
  // Bounded: the header is the client's and may be arbitrarily long.
  return type === undefined
    ? 'a body without content-type'
    : `content-type ${JSON.stringify(type.slice(0, 100))}`
}

function maxParamLength(request: FastifyRequest): number {
  return (request.server.initialConfig as { maxParamLength?: number }).maxParamLength ?? 100
}

/** The documented error body for any error a request ends in, with its HTTP status. */
export function errorResponse(
  error: unknown,
  request: FastifyRequest,
): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: mapError(error).http, body: errorBody(error) }
  const fastifyError = error as Partial<FastifyError> | null
  const known =
    typeof fastifyError?.code === 'string' ? KNOWN_FRAMEWORK_ERRORS[fastifyError.code] : undefined
  if (known) {
    return {
      status: known.status,
      body: {
        error: {
          code: known.code,
          message: known.message,
          details: known.details(fastifyError as FastifyError, request),
        },
      },
    }
  }
  const status = fastifyError?.statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    const code = FRAMEWORK_CODES[status] ?? 'BAD_REQUEST'
    return {
      status,
      body: {
        error: {
          code,
          message: String(fastifyError?.message ?? 'Bad request.').slice(0, 300),
          details: [],
        },
      },
    }
  }
  return { status: 500, body: errorBody(error) }
}

/**
 * Errors the router raises before any route or hook runs (an over-long path
 * parameter, a broken %-escape): Fastify answers them in its own shape unless
 * given this (the `frameworkErrors` option of the Fastify factory).
 */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const { status, body } = errorResponse(error, request)
  void reply.status(status).send(body)
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const { status, body } = errorResponse(error, request)
    // Unexpected: log the whole error for operators, hide it from the client.
    if (status >= 500) request.log.error({ err: error }, 'unhandled error')
    return reply.status(status).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    // The path is echoed for people to spot a typo, but bounded: it is the client's and may be 10,000 characters.
    const path = request.url.split('?')[0]!
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path
    reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `No route ${request.method} ${shown}.`,
        details: [],
      },
    })
  })
}
