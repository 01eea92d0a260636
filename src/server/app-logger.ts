import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import { type DestinationStream, type LoggerOptions, pino } from 'pino'
import type { Config } from '../config.js'

/**
 * The app's structured log (JSON lines, pino) never carries personal data or secrets: 等保 2.0
 * wants logs kept for months and read by administrators who must not see customers' details.
 * Four layers, each catching what the one before cannot:
 * - request lines name the route template and only id-like path parameters; query values and
 *   tokens in paths (/i/:token, /complain/:key) are masked, headers and bodies never logged;
 * - keys that hold secrets or personal values (password, email, phone, token, cookie …) are
 *   redacted wherever a log call passes them, three levels deep;
 * - every other string a log line carries (messages, error texts, stacks) has e-mail addresses,
 *   mainland mobile numbers and bearer tokens replaced.
 * docs/operations.md says what a log line holds.
 */
export function appLogger(config: Config, destination?: DestinationStream): FastifyBaseLogger {
  const options = appLoggerOptions(config.logLevel)
  return destination ? pino(options, destination) : pino(options)
}

export const REDACTED = '[redacted]'

/**
 * Keys whose values are redacted wherever a log call passes them (to three levels). Done in the
 * log formatter, not pino's `redact`: its wildcard paths cost more per line than the whole scrub.
 */
const SECRET_KEYS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'newPassword',
  'currentPassword',
  'email',
  'phone',
  'mobile',
  'displayName',
  'contactName',
  'customerName',
  'customerPhone',
  'customerEmail',
  'postalAddress',
  'token',
  'secret',
  'sessionSecret',
  'clientSecret',
  'recoveryCode',
  'totp',
  'body',
  'answers',
  'comment',
  'headers',
])

/** Path parameters that are ids or public names, kept in request lines; any other value is masked. */
const SHOWN_PARAMS = new Set(['id', 'orgId', 'slug', 'method'])

export function appLoggerOptions(level: Config['logLevel']): LoggerOptions {
  return {
    level,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: loggedUrl(request),
        remoteAddress: request.ip,
      }),
      // The serialized error's prototype is pino's own: copied to a plain object to be scrubbed.
      err: (error: Error) => scrubDeep({ ...pino.stdSerializers.err(error) }, 3),
    },
    formatters: {
      log: (object) => scrubLogObject(object),
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as typeof args,
        )
      },
    },
  }
}

/** The route's template with id-like parameters filled in and query values masked. */
export function loggedUrl(request: FastifyRequest): string {
  const raw = request.raw.url ?? request.url
  const [, query] = raw.split('?', 2) as [string, string | undefined]
  const template = request.routeOptions?.url
  const params = (request.params ?? {}) as Record<string, unknown>
  const path = template
    ? template.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) =>
        SHOWN_PARAMS.has(name) && typeof params[name] === 'string'
          ? encodeURIComponent(params[name] as string)
          : whole,
      )
    : maskedPath(raw.split('?', 1)[0] ?? '')
  if (query === undefined) return path
  const names = query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => `${part.split('=', 1)[0]}=*`)
  return `${path}?${names.join('&')}`
}

/** An unmatched path (a 404) may still carry a token or an address: long or odd segments go. */
function maskedPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment.length > 24 || /[@%]|\d{6,}/.test(segment) ? '*' : segment))
    .join('/')
}

const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g
/**
 * Mainland mobile numbers (with or without +86, spaces or dashes between the groups), not inside a
 * longer word: eleven digits within a hexadecimal id stay as they are.
 */
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![0-9A-Za-z])/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi

export function scrubText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(MOBILE, '[phone]').replace(BEARER, '$1 [redacted]')
}

function scrubLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(object)) {
    // The request, reply and error have serializers of their own (above); their objects are large.
    out[key] = SECRET_KEYS.has(key)
      ? REDACTED
      : key === 'req' || key === 'res' || key === 'err'
        ? value
        : scrubDeep(value, 3)
  }
  return out
}

function scrubDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value)
  if (depth === 0 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, depth - 1))
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key) ? REDACTED : scrubDeep(item, depth - 1)
  }
  return out
}
