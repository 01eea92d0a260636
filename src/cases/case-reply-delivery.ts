import type { Db } from '../db/database.js'
import { DeliveryFailure, type OutgoingMail } from '../distribution/invitation-delivery.js'
import { escapeHtml } from '../shared/html.js'
import { caseNumber } from './case.service.js'

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
  const pending = await db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('feedback as f', 'f.id', 'c.feedback_id')
    .innerJoin('organisations as o', 'o.id', 'e.org_id')
    .select([
      'e.id',
      'e.body',
      'c.number',
      'f.customer_email',
      'f.customer_name',
      'o.name as org_name',
    ])
    .where('e.delivery', '=', 'pending')
    .limit(100)
    .execute()
  for (const reply of pending) {
    const claimed = await db
      .updateTable('case_events')
      .set({ delivery: 'sending' })
      .where('id', '=', reply.id)
      .where('delivery', '=', 'pending')
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1 || !reply.customer_email) continue
    const number = caseNumber(reply.number)
    const text = `${reply.customer_name ? `${reply.customer_name}：\n\n` : ''}${reply.body ?? ''}\n\n— ${reply.org_name}（${number}）`
    try {
      await send({
        to: { name: reply.customer_name, address: reply.customer_email },
        subject: `关于您的反馈（${number}）/ About your feedback (${number})`,
        text,
        html: `<div style="font-family:sans-serif;line-height:1.6">${escapeHtml(text).replace(/\n/g, '<br>')}</div>`,
        headers: { 'X-Manyi-Case': number },
      })
      await db
        .updateTable('case_events')
        .set({ delivery: 'sent', delivery_error: null })
        .where('id', '=', reply.id)
        .execute()
      report.sent++
    } catch (error) {
      const reason =
        error instanceof DeliveryFailure ? error.message : String((error as Error).message ?? error)
      await db
        .updateTable('case_events')
        .set({ delivery: 'failed', delivery_error: reason.slice(0, 500) })
        .where('id', '=', reply.id)
        .execute()
      report.failed++
    }
  }
  return report
}
