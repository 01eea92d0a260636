import type { Db } from '../db/database.js'
import type { OutgoingMail } from '../distribution/invitation-delivery.js'
import {
  OutboundAddressError,
  type OutboundPolicy,
  postJsonReadingReply,
  webhookSignature,
} from '../distribution/outbound.service.js'
import { openSecret } from '../personal-data/sealed-secret.service.js'
import { ValidationError } from '../shared/errors.js'
import type { Locale } from '../shared/locale.js'
import { findNoticeSettings } from './notice.repository.js'

/**
 * One message to one customer outside a notice (an appointment's confirmation or reminder),
 * through the same routes notices take: e-mail through the mail sender, SMS through the
 * organisation's signed gateway webhook of the notice settings (idempotency key = the message
 * id, signature HMAC-SHA256 over "timestamp.body"). A cloud SMS gateway needs an approved
 * template per message type; only the notice template is configured, so SMS of other kinds go
 * through the webhook only.
 */
export interface CustomerMessage {
  id: string
  orgId: string
  /** The webhook's event name, e.g. appointment.confirmation. */
  event: string
  channel: 'sms' | 'email'
  address: string
  locale: Locale
  subject: string
  text: string
}

export interface CustomerMessageDeps {
  db: Db
  mail: (message: OutgoingMail) => Promise<void>
  outbound: OutboundPolicy
}

/** null when handed over; else why not and whether retrying can help. */
export async function sendCustomerMessage(
  deps: CustomerMessageDeps,
  message: CustomerMessage,
  now: number,
): Promise<{ reason: string; permanent: boolean } | null> {
  try {
    if (message.channel === 'email') {
      await deps.mail({
        to: { address: message.address },
        subject: message.subject,
        text: message.text,
        headers: { 'X-Manyi-Message': message.id },
      })
      return null
    }
    const settings = await findNoticeSettings(deps.db, message.orgId)
    if (!settings?.gatewayUrl || !settings.gatewaySecret)
      return { reason: 'no SMS gateway configured', permanent: true }
    const body = JSON.stringify({
      event: message.event,
      messageId: message.id,
      channel: 'sms',
      phone: message.address,
      locale: message.locale,
      text: message.text,
    })
    const timestamp = String(Math.floor(now / 1000))
    const secret = openSecret(deps.db, settings.gatewaySecret)
    const { status } = await postJsonReadingReply(
      settings.gatewayUrl,
      {
        'content-type': 'application/json',
        'idempotency-key': message.id,
        'x-manyi-timestamp': timestamp,
        'x-manyi-signature': webhookSignature(secret, timestamp, body),
      },
      body,
      deps.outbound,
    )
    if (status >= 200 && status < 300) return null
    const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429
    return { reason: `gateway answered HTTP ${status}`, permanent }
  } catch (error) {
    if (error instanceof ValidationError)
      return {
        reason: `not sendable: ${error.details.map((d) => `${d.path} ${d.reason}`).join('; ')}`,
        permanent: true,
      }
    if (error instanceof OutboundAddressError)
      return { reason: `gateway not reached: ${error.message}`, permanent: true }
    const permanent = (error as { permanent?: unknown }).permanent === true
    const what = message.channel === 'email' ? 'mail not sent' : 'gateway unreachable'
    return { reason: `${what}: ${(error as Error).message}`, permanent }
  }
}
