import type { FastifyRequest } from 'fastify'
import { addressKey } from '../auth/client-address.js'

/**
 * The key a public route's rate limit counts under: the client's address as Fastify gives it
 * (the socket's, or X-Forwarded-For only from the proxies MANYI_TRUST_PROXY lists, so a forged
 * header starts no fresh count), an IPv6 client counted per /64 (which it can roam at will).
 */
export function clientRateKey(request: FastifyRequest): string {
  return addressKey(request.ip)
}
