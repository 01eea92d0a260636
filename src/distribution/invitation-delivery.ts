import { createHmac } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { InvitationMessage } from './invitation-message.js'
import { OutboundAddressError, type OutboundPolicy } from './outbound-address.js'
import { postJson } from './webhook-request.js'

/** One invitation on its way out, whatever the channel. */
export interface OutgoingInvitation {
  invitationId: string
  distributionId: string
  surveyId: string
  contact: {
    name: string
    email: string | null
    phone: string | null
    attributes: Record<string, string>
  }
  message: InvitationMessage
  reminder: boolean
}

/** Thrown when a message could not be handed over; `permanent` when retrying cannot help. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
  }
}

export interface InvitationChannels {
  email(invitation: OutgoingInvitation): Promise<void>
  webhook(invitation: OutgoingInvitation, target: { url: string; secret: string }): Promise<void>
  /** Any other message (replies to customers on their cases). */
  mail(message: OutgoingMail): Promise<void>
}

export interface OutgoingMail {
  to: { name?: string | null; address: string }
  subject: string
  text: string
  html?: string
  headers?: Record<string, string>
  /** The Message-ID (angle brackets included); nodemailer makes one up when absent. */
  messageId?: string
  list?: { unsubscribe: { url: string; comment: string } }
  /** Files sent with the message (a unit's scheduled report). */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>
}

/** SMTP through nodemailer; without a configured server, every message fails with a clear reason. */
export function smtpSender(
  smtpUrl: string | undefined,
  from: string,
): (message: OutgoingMail) => Promise<void> {
  const transport: Transporter | null = smtpUrl ? nodemailer.createTransport(smtpUrl) : null
  return async (message) => {
    if (!transport) throw new DeliveryFailure('no SMTP server configured (MANYI_SMTP_URL)', false)
    try {
      await transport.sendMail({
        from,
        to: message.to.name
          ? { name: message.to.name, address: message.to.address }
          : message.to.address,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.list ? { list: message.list } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
        ...(message.messageId ? { messageId: message.messageId } : {}),
        ...(message.attachments ? { attachments: message.attachments } : {}),
      })
    } catch (error) {
      const e = error as { responseCode?: number; message: string }
      // 5xx replies (unknown mailbox, rejected recipient) will not change on retry; 4xx and network errors may.
      throw new DeliveryFailure(e.message.slice(0, 500), (e.responseCode ?? 0) >= 500)
    }
  }
}

/** Invitations by e-mail, with the RFC 2369 / RFC 8058 one-click unsubscribe mail clients offer. */
export function smtpChannel(
  send: (message: OutgoingMail) => Promise<void>,
): InvitationChannels['email'] {
  return async (invitation) => {
    if (!invitation.contact.email)
      throw new DeliveryFailure('the contact has no e-mail address', true)
    await send({
      to: { name: invitation.contact.name, address: invitation.contact.email },
      subject: invitation.message.subject,
      text: invitation.message.text,
      html: invitation.message.html,
      list: { unsubscribe: { url: invitation.message.unsubscribeLink, comment: 'Unsubscribe' } },
      headers: {
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-Manyi-Invitation': invitation.invitationId,
      },
    })
  }
}

/** The signature header: HMAC-SHA256 over "timestamp.body", so a gateway can check origin and freshness. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** POST the invitation as JSON to an SMS / WeChat gateway; any 2xx is delivered. */
export async function webhookChannel(
  invitation: OutgoingInvitation,
  target: { url: string; secret: string },
  now: number,
  policy: OutboundPolicy,
): Promise<void> {
  const body = JSON.stringify({
    event: invitation.reminder ? 'invitation.reminder' : 'invitation.send',
    invitationId: invitation.invitationId,
    distributionId: invitation.distributionId,
    surveyId: invitation.surveyId,
    contact: invitation.contact,
    subject: invitation.message.subject,
    text: invitation.message.text,
    link: invitation.message.link,
    unsubscribeLink: invitation.message.unsubscribeLink,
  })
  const timestamp = String(Math.floor(now / 1000))
  let status: number
  try {
    status = await postJson(
      target.url,
      {
        'content-type': 'application/json',
        'x-manyi-timestamp': timestamp,
        'x-manyi-signature': webhookSignature(target.secret, timestamp, body),
      },
      body,
      policy,
    )
  } catch (error) {
    // An address the policy refuses stays refused: no retries.
    if (error instanceof OutboundAddressError)
      throw new DeliveryFailure(`webhook not sent: ${error.message}`, true)
    throw new DeliveryFailure(
      `webhook unreachable: ${(error as Error).message}`.slice(0, 500),
      false,
    )
  }
  if (status < 200 || status > 299)
    throw new DeliveryFailure(
      `webhook answered HTTP ${status}`,
      status >= 400 && status < 500 && status !== 429,
    )
}
