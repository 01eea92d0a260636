import type { Db } from '../db/database.js'
import { DeliveryFailure, type OutgoingMail } from '../distribution/distribution.service.js'
import { findOrganisation } from '../organisations/organisation.service.js'
import { escapeHtml } from '../shared/html.js'
import { claimReply, pendingReplies, recordReplyDelivery } from './case-event.repository.js'
import { casesByIds } from './case.repository.js'
import { caseNumber } from './case-summary.js'
import { feedbackForCases } from '../feedback/feedback-lookup.service.js'
import { organisationLinkSecret } from '../surveys/signed-link.service.js'
import { caseStatusKey } from './case-status-key.js'

/**
 * Replies to customers go out by e-mail from the background sweep: each is
 * claimed (pending → sending) before it is sent, so with several instances
 * it goes once; the outcome (sent, or failed with the reason) shows on the
 * case's timeline. Each reply carries the public lookup page's link with the case number and
 * the case's status key, so the customer can follow the case without calling.
 */
export async function runCaseReplyDelivery(
  db: Db,
  send: (mail: OutgoingMail) => Promise<void>,
  _now: number,
  /** The public address the lookup link points to. */
  baseUrl: string,
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
    if (!(await claimReply(db, reply.id)) || !customer.customerEmail) continue
    const number = caseNumber(c.number)
    const lookup = `${baseUrl}/case-status/${encodeURIComponent(reply.orgId)}?case=${encodeURIComponent(number)}`
    const key = caseStatusKey(linkSecrets.get(reply.orgId)!, c.id)
    const text = `${customer.customerName ? `${customer.customerName}：\n\n` : ''}${reply.body ?? ''}\n\n— ${orgName}（${number}）\n\n查询处理进度 / Check progress: ${lookup}\n查询码 / Status key: ${key}`
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
