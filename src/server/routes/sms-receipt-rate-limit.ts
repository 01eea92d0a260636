import type { FastifyRequest } from 'fastify'
import { isSmsReceiptToken } from '../../channels/sms-receipt.service.js'
import { clientRateKey } from '../client-rate-key.js'
import type { AppDeps } from '../deps.js'

/**
 * The SMS receipt address's own rate limit. The clouds push receipts in bursts from a few
 * addresses shared by all their customers, so a push with the organisation's right token counts
 * under that organisation (MANYI_SMS_RECEIPT_RATE_LIMIT a minute), whatever address it comes
 * from. Anything else (a wrong or unknown token) counts under the client's address at the public
 * limit, as Fastify gives the address: X-Forwarded-For only from the proxies MANYI_TRUST_PROXY
 * lists, so neither a forged header nor made-up tokens start a fresh count.
 */
export function smsReceiptRateLimit(deps: AppDeps) {
  const byOrganisation = 'sms-receipts:organisation:'
  return {
    timeWindow: '1 minute',
    keyGenerator: async (request: FastifyRequest): Promise<string> => {
      const { orgId, token } = request.params as { orgId?: string; token?: string }
      if (
        orgId &&
        token &&
        token.length <= 100 &&
        (await isSmsReceiptToken(deps.store.db, orgId, token))
      )
        return `${byOrganisation}${orgId}`
      return `sms-receipts:client:${clientRateKey(request)}`
    },
    max: (_request: FastifyRequest, key: string): number =>
      key.startsWith(byOrganisation)
        ? deps.config.smsReceiptRateLimit
        : deps.config.publicRateLimit,
  }
}
