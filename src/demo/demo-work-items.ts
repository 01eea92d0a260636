import { adoptSuggestion, declineSuggestion, transitionCase } from '../cases/case.service.js'
import type { Scope } from '../db/scope.js'
import { createFeedback } from '../feedback/feedback.service.js'

// Inquiries and suggestions of the demo (issue 20), each a work item of its kind; the praise
// naming employees comes with them (demo-employees.ts). One suggestion is adopted into an action
// plan, one declined with its reason, the rest wait in their queues.

const DAY_MS = 86_400_000

const INQUIRIES = [
  '峰谷分时电价怎么申请？需要带什么材料？',
  '新房装修期间临时用电怎么办理？',
  '电费发票能开增值税专用发票吗？',
]

const SUGGESTIONS: Array<{ text: string; phone: string; decide?: 'adopt' | 'decline' }> = [
  { text: '建议营业厅增设自助缴费机，排队的人太多了。', phone: '13900006601', decide: 'adopt' },
  { text: '建议停电短信里写明停电原因和预计恢复时间。', phone: '13900006602' },
  { text: '建议营业厅周末延长营业到晚上八点。', phone: '13900006603', decide: 'decline' },
]

/** Loads the inquiries and suggestions, and decides two suggestions; how many items it made. */
export async function loadDemoWorkItems(scope: Scope): Promise<number> {
  const noop = () => {}
  let made = 0
  for (const text of INQUIRIES) {
    const stored = await createFeedback(scope, { kind: 'inquiry', channel: 'hotline', text })
    if (stored.caseId) made++
  }
  for (const s of SUGGESTIONS) {
    const stored = await createFeedback(scope, {
      kind: 'suggestion',
      channel: 'web',
      text: s.text,
      customer: { phone: s.phone },
    })
    if (!stored.caseId) continue
    made++
    if (!s.decide) continue
    await transitionCase(scope, stored.caseId, { status: 'acknowledged' }, noop)
    if (s.decide === 'decline')
      await declineSuggestion(scope, stored.caseId, {
        reason: '营业时间由省公司统一规定，已转交省公司参考。',
      })
    else if (scope.actor.type === 'user')
      await adoptSuggestion(scope, stored.caseId, {
        plan: {
          title: '营业厅增设自助缴费机',
          ownerId: scope.actor.id,
          dueAt: scope.now + 45 * DAY_MS,
        },
        note: '先在三个营业厅试点。',
      })
  }
  return made
}
