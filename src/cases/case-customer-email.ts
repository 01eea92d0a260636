import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/database.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { organisationLinkSecret } from '../surveys/signed-link.service.js'
import { findCase } from './case.repository.js'
import { addCaseEvent } from './case-events.js'
import { findCaseByNumber } from './case-status.repository.js'

// E-mail replies threaded to their case (issue 20). A reply the case sends by e-mail carries a
// Message-ID naming the case and the reply, with a tag keyed by the organisation's link secret;
// the customer's mail client puts it in In-Reply-To and References (RFC 5322 §3.6.4), so the
// customer's answer is matched to the case without trusting anything the sender could make up.
// A mail whose subject carries the case number (C-000123) is matched too, but only when it comes
// from the address the case's customer gave: a number alone is easy to guess.

const DOMAIN = 'case.manyi'
const MESSAGE_ID =
  /<case-reply\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.([0-9a-f]{20})@case\.manyi>/g
const CASE_NUMBER = /\bC-(\d{6,9})\b/

function tagOf(linkSecret: string, caseId: string, eventId: string): string {
  return createHmac('sha256', linkSecret)
    .update(`case-reply:${caseId}:${eventId}`)
    .digest('hex')
    .slice(0, 20)
}

/** The Message-ID of a case's reply e-mail (angle brackets included). */
export function caseReplyMessageId(linkSecret: string, caseId: string, eventId: string): string {
  return `<case-reply.${caseId}.${eventId}.${tagOf(linkSecret, caseId, eventId)}@${DOMAIN}>`
}

/** A customer's e-mail as the inbox read it, for threading. */
export interface CustomerEmail {
  /** In-Reply-To and References, as given. */
  references: readonly string[]
  subject: string
  /** The sender's address, lower case. */
  from: string
}

export interface ThreadedCase {
  caseId: string
  /** How it was matched: a reply's Message-ID, or the case number in the subject. */
  by: 'message-id' | 'subject'
}

/** The organisation's case this e-mail answers, or null (it is new feedback then). */
export async function caseOfCustomerEmail(
  db: Db,
  orgId: string,
  mail: CustomerEmail,
): Promise<ThreadedCase | null> {
  const secret = await organisationLinkSecret({ db, orgId })
  for (const reference of mail.references) {
    for (const [, caseId, eventId, tag] of reference.matchAll(MESSAGE_ID)) {
      const expected = Buffer.from(tagOf(secret, caseId!, eventId!))
      if (!timingSafeEqual(expected, Buffer.from(tag!))) continue
      const found = await findCase(db, orgId, caseId!)
      if (found) return { caseId: found.id, by: 'message-id' }
    }
  }
  const number = CASE_NUMBER.exec(mail.subject)?.[1]
  if (number === undefined) return null
  const found = await findCaseByNumber(db, orgId, Number(number))
  if (!found) return null
  const customer = (await feedbackForCases(db, [found.feedbackId])).get(found.feedbackId)
  const address = customer?.customerEmail?.toLowerCase()
  return address && address === mail.from ? { caseId: found.id, by: 'subject' } : null
}

/**
 * The customer's e-mail as a line on the case's timeline (internal: it came from the customer,
 * nothing is sent), in the caller's transaction.
 */
export async function addCustomerEmailToCase(
  db: Db,
  line: {
    orgId: string
    caseId: string
    body: string
    from: string
    subject: string
    messageId: string | null
    now: number
  },
): Promise<void> {
  await addCaseEvent(db, {
    orgId: line.orgId,
    caseId: line.caseId,
    type: 'customer_message',
    actor: { type: 'system', id: 'email' },
    body: line.body,
    detail: {
      via: 'email',
      from: line.from,
      subject: line.subject,
      ...(line.messageId ? { messageId: line.messageId } : {}),
    },
    now: line.now,
  })
}
