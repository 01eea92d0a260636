import { webhookSignature } from './invitation-delivery.js'
import { OutboundAddressError, type OutboundPolicy } from './outbound-address.js'
import {
  checkSmsMessage,
  e164,
  isTransientStatus,
  type SmsGateway,
  type SmsMessage,
  type SmsOutcome,
} from './sms-gateway.js'
import { postJsonReadingReply } from './webhook-request.js'

export interface WebhookSmsSettings {
  url: string
  /** Signs each request (x-manyi-signature, as invitations and notices are signed). */
  secret: string
}

/**
 * A company's own SMS platform (many utilities and banks have one) reached by a signed JSON
 * webhook: {reference, phone, templateId, params}; any 2xx is accepted. The request carries an
 * idempotency-key (the reference) so the platform can drop a retried duplicate.
 */
export function webhookSmsGateway(
  settings: WebhookSmsSettings,
  policy: OutboundPolicy,
  clock: () => Date = () => new Date(),
): SmsGateway {
  // The secret stays in this closure: the gateway object has nothing to log.
  const { secret, url } = settings
  return {
    provider: 'webhook',
    async send(message: SmsMessage): Promise<SmsOutcome> {
      checkSmsMessage(message)
      const body = JSON.stringify({
        reference: message.reference,
        phone: e164(message.phone),
        templateId: message.templateId,
        params: Object.fromEntries(message.params.map((param) => [param.name, param.value])),
      })
      const timestamp = String(Math.floor(clock().getTime() / 1000))
      try {
        const { status } = await postJsonReadingReply(
          url,
          {
            'content-type': 'application/json',
            'idempotency-key': message.reference,
            'x-manyi-timestamp': timestamp,
            'x-manyi-signature': webhookSignature(secret, timestamp, body),
          },
          body,
          policy,
        )
        if (status >= 200 && status < 300) return { sent: true, providerId: message.reference }
        return {
          sent: false,
          reason: `SMS webhook answered HTTP ${status}`,
          permanent: !isTransientStatus(status),
        }
      } catch (error) {
        const permanent = error instanceof OutboundAddressError
        return {
          sent: false,
          reason: `gateway not reached: ${(error as Error).message}`,
          permanent,
        }
      }
    },
  }
}
