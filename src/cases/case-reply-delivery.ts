import type { Db } from '../db/database.js'
import { DeliveryFailure, type OutgoingMail } from '../distribution/distribution.service.js'
import { type FeedbackForCase, feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { findOrganisation } from '../organisations/organisation.service.js'
import { escapeHtml } from '../shared/html.js'
import { organisationLinkSecret } from '../surveys/signed-link.service.js'
import { claimReply, pendingReplies, recordReplyDelivery } from './case-event.repository.js'
import { casesByIds } from './case.repository.js'
import { caseReplyMessageId } from './case-customer-email.js'
import { type ReplyRoute, storedReplyRoute, WECHAT_REF_PREFIX } from './case-reply-route.js'
import { caseStatusKey } from './case-status-key.js'
import { caseNumber } from './case-summary.js'
import { noticeLocaleOf, statusNoticeLetter } from './case-status-notice.js'
import type { CaseStatus } from './case-workflow.js'

/**
 * What an SMS or WeChat gateway said of one reply; providerId: an SMS cloud's id of the message,
 * which its delivery receipt names.
 */
export type ReplyOutcome = { sent: true; providerId?: string } | { sent: false; reason: string }

/**
 * The organisation's own SMS and WeChat channels, as the channel settings configure them
 * (src/channels builds them; cases only call them).
 */
export interface ReplyChannels {
  /**
   * An SMS of a reply or a status change: through a cloud with the organisation's reply or
   * status template (parameters case and key, in that order), or the whole text through the
   * company's SMS webhook.
   */
  sms(
    orgId: string,
    phone: string,
    message: {
      kind: 'reply' | 'status'
      caseNumber: string
      statusKey: string
      text: string
      locale: 'zh-CN' | 'en-US'
    },
    reference: string,
  ): Promise<ReplyOutcome>
  /** A text to a follower of the organisation's Official Account. */
  wechat(orgId: string, openid: string, text: string): Promise<ReplyOutcome>
}

/** What one reply needs to be worded and sent, whatever the route. */
interface ReplyLetter {
  orgId: string
  eventId: string
  customer: FeedbackForCase
  number: string
  text: string
  statusKey: string
  /** Set for a status change: its language (a reply is bilingual). */
  noticeLocale?: 'zh-CN' | 'en-US'
  /** The SMS cloud's id of the message, once a cloud took it. */
  providerId?: string
  /** A status notice's own subject, in the customer's language (a reply's is bilingual). */
  subject?: string
  /** The e-mail's Message-ID, which the customer's answer refers to (case-customer-email.ts). */
  messageId: string
}

/**
 * Replies to customers go out from the background sweep by the channel the case came from
 * (`detail.via`, src/cases/case-reply-route.ts): e-mail, SMS or WeChat. Each is claimed
 * (pending → sending) before it is sent, so with several instances it goes once; the outcome
 * (sent, or failed with the reason) shows on the case's timeline. Each reply carries the public
 * lookup page's link with the case number and the case's status key, so the customer can follow
 * the case without calling.
 */
export async function runCaseReplyDelivery(
  db: Db,
  send: (mail: OutgoingMail) => Promise<void>,
  _now: number,
  /** The public address the lookup link points to. */
  baseUrl: string,
  channels?: ReplyChannels,
): Promise<{ sent: number; failed: number }> {
  const report = { sent: 0, failed: 0 }
  const pending = await pendingReplies(db, 100)
  if (pending.length === 0) return report
  const cases = await casesByIds(
    db,
    pending.map((r) => r.caseId),
  )
  const customers = await feedbackForCases(
    db,
    [...cases.values()].map((c) => c.feedbackId),
  )
  const orgNames = new Map<string, string>()
  const linkSecrets = new Map<string, string>()
  for (const orgId of new Set(pending.map((r) => r.orgId))) {
    const org = await findOrganisation({ db, orgId })
    if (org) orgNames.set(orgId, org.name)
    linkSecrets.set(orgId, await organisationLinkSecret({ db, orgId }))
  }
  for (const reply of pending) {
    const c = cases.get(reply.caseId)
    const customer = c && customers.get(c.feedbackId)
    const orgName = orgNames.get(reply.orgId)
    // Only replies whose case, feedback and organisation exist are sent (as the join did before).
    if (!c || !customer || orgName === undefined) continue
    if (!(await claimReply(db, reply.id))) continue
    const number = caseNumber(c.number)
    const lookup = `${baseUrl}/case-status/${encodeURIComponent(reply.orgId)}?case=${encodeURIComponent(number)}`
    const statusKey = caseStatusKey(linkSecrets.get(reply.orgId)!, c.id)
    // A status change (case-status-notice.ts) is worded from the change, never from its note.
    const locale = noticeLocaleOf(reply.detail)
    const notice =
      locale &&
      statusNoticeLetter({
        locale,
        kind: c.kind ?? 'complaint',
        from: reply.detail.from as CaseStatus,
        to: reply.detail.to as CaseStatus,
        outcome: c.outcome ?? null,
        number,
        customerName: customer.customerName,
        orgName,
        lookup,
        statusKey,
      })
    const text =
      notice?.text ??
      `${customer.customerName ? `${customer.customerName}：\n\n` : ''}${reply.body ?? ''}\n\n— ${orgName}（${number}）\n\n查询处理进度 / Check progress: ${lookup}\n查询码 / Status key: ${statusKey}`
    const letter: ReplyLetter = {
      ...(locale && notice ? { noticeLocale: locale } : {}),
      orgId: reply.orgId,
      eventId: reply.id,
      customer,
      number,
      text,
      statusKey,
      messageId: caseReplyMessageId(linkSecrets.get(reply.orgId)!, c.id, reply.id),
      ...(notice ? { subject: notice.subject } : {}),
    }
    const failure = await sendReply(storedReplyRoute(reply.detail), letter, send, channels)
    if (failure === null) {
      await recordReplyDelivery(db, reply.id, {
        delivery: 'sent',
        error: null,
        providerMessageId: letter.providerId ?? null,
      })
      report.sent++
    } else {
      await recordReplyDelivery(db, reply.id, { delivery: 'failed', error: failure.slice(0, 500) })
      report.failed++
    }
  }
  return report
}

/** Sends one reply by its route; null when sent, else why not. */
async function sendReply(
  route: ReplyRoute,
  letter: ReplyLetter,
  send: (mail: OutgoingMail) => Promise<void>,
  channels: ReplyChannels | undefined,
): Promise<string | null> {
  const { customer } = letter
  try {
    if (route === 'email') {
      if (!customer.customerEmail) return 'the customer left no e-mail address'
      await send({
        to: { name: customer.customerName, address: customer.customerEmail },
        subject:
          letter.subject ??
          `关于您的反馈（${letter.number}）/ About your feedback (${letter.number})`,
        text: letter.text,
        html: `<div style="font-family:sans-serif;line-height:1.6">${escapeHtml(letter.text).replace(/\n/g, '<br>')}</div>`,
        headers: { 'X-Manyi-Case': letter.number },
        messageId: letter.messageId,
      })
      return null
    }
    if (!channels) return `no ${route} channel in this process`
    if (route === 'sms') {
      if (!customer.customerPhone) return 'the customer left no phone number'
      const outcome = await channels.sms(
        letter.orgId,
        customer.customerPhone,
        {
          kind: letter.noticeLocale ? 'status' : 'reply',
          caseNumber: letter.number,
          statusKey: letter.statusKey,
          text: letter.text,
          locale: letter.noticeLocale ?? 'zh-CN',
        },
        letter.eventId,
      )
      if (!outcome.sent) return outcome.reason
      if (outcome.providerId) letter.providerId = outcome.providerId
      return null
    }
    const openid = customer.customerRef?.startsWith(WECHAT_REF_PREFIX)
      ? customer.customerRef.slice(WECHAT_REF_PREFIX.length)
      : ''
    if (!openid) return 'the customer has no WeChat openid'
    const outcome = await channels.wechat(letter.orgId, openid, letter.text)
    return outcome.sent ? null : outcome.reason
  } catch (error) {
    return error instanceof DeliveryFailure
      ? error.message
      : String((error as Error).message ?? error)
  }
}
