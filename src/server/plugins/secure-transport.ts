import type { FastifyInstance } from 'fastify'
import { type Config, isHttpsUrl } from '../../config.js'

/** One year, the least HSTS preload lists and security scanners accept. */
export const HSTS_MAX_AGE_SECONDS = 31_536_000

/**
 * HSTS on every answer (the public answer API included) when the public address is https:
 * a browser that once reached Manyi over TLS never falls back to plain HTTP for a year. Over
 * plain HTTP (an intranet address, a first start on a laptop) no header is sent: HSTS there would
 * only lock browsers out. Without includeSubDomains: other hosts of the customer's domain may
 * still serve HTTP. Cookies follow the same setting (config.cookieSecure, src/config.ts).
 */
export function installSecureTransport(app: FastifyInstance, config: Config): void {
  if (!isHttpsUrl(config.publicUrl)) return
  const value = `max-age=${HSTS_MAX_AGE_SECONDS}`
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('strict-transport-security', value)
  })
}
