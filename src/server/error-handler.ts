import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError } from '../shared/errors.js'
import { errorBody, mapError } from '../shared/error-map.js'

/** Fastify's own 4xx errors (bad JSON, body too large, …) mapped to stable codes. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(mapError(error).http).send(errorBody(error))
    }
    const status = (error as FastifyError).statusCode
    if (status !== undefined && status >= 400 && status < 500) {
      const code = FRAMEWORK_CODES[status] ?? 'BAD_REQUEST'
      return reply.status(status).send({ error: { code, message: error.message, details: [] } })
    }
    // Unexpected: log the whole error for operators, hide it from the client.
    request.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send(errorBody(error))
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.`, details: [] } })
  })
}
