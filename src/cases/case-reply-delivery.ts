import type { Db } from '../db/database.js'
import { DeliveryFailure, type OutgoingMail } from '../distribution/distribution.service.js'
import { findOrganisation } from '../organisations/organisation.service.js'
import { escapeHtml } from '../shared/html.js'
import { claimReply, pendingReplies, recordReplyDelivery } from './case-event.repository.js'
import { casesByIds } from './case.repository.js'
import { caseNumber } from './case-summary.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'

/**
 * Replies to customers go out by e-mail from the background sweep: each is
 * claimed (pending → sending) before it is sent, so with several instances
 * it goes once; the outcome (sent, or failed with the reason) shows on the
 * case's timeline.
 */
export async function runCaseReplyDelivery(
  db: Db,
  send: (mail: OutgoingMail) => Promise<void>,
  _now: number,
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
  for (const orgId of new Set(pending.map((r) => r.orgId))) {
    const org = await findOrganisation({ db, orgId })
    if (org) orgNames.set(orgId, org.name)
  }
  for (const reply of pending) {
    const c = cases.get(reply.caseId)
    const customer = c && customers.get(c.feedbackId)
    const orgName = orgNames.get(reply.orgId)
    // Only replies whose case, feedback and organisation exist are sent (as the join did before).
    if (!c || !customer || orgName === undefined) continue
    if (!(await claimReply(db, reply.id)) || !customer.customerEmail) continue
    const number = caseNumber(c.number)
    const text = `${customer.customerName ? `${customer.customerName}：\n\n` : ''}${reply.body ?? ''}\n\n— ${orgName}（${number}）`
    try {
      await send({
        to: { name: customer.customerName, address: customer.customerEmail },
        subject: `关于您的反馈（${number}）/ About your feedback (${number})`,
        text,
        html: `<div style="font-family:sans-serif;line-height:1.6">${escapeHtml(text).replace(/\n/g, '<br>')}</div>`,
        headers: { 'X-Manyi-Case': number },
      })
      await recordReplyDelivery(db, reply.id, { delivery: 'sent', error: null })
      report.sent++
    } catch (error) {
      const reason =
        error instanceof DeliveryFailure ? error.message : String((error as Error).message ?? error)
      await recordReplyDelivery(db, reply.id, { delivery: 'failed', error: reason.slice(0, 500) })
      report.failed++
    }
  }
  return report
}
