import type { CaseKind, CaseOutcome } from './case-kinds.js'
import { replyRouteOf, type ReplyRoute } from './case-reply-route.js'
import type { CaseStatus } from './case-workflow.js'

/**
 * Telling customers how their case moves (issue 20: customers told before they ask). When the
 * organisation turns it on (case configuration statusNotices), the status changes a customer
 * cares about — taken on, reopened, resolved, and a work item's decision — are sent by the route
 * the case's replies take (case-reply-route.ts: WeChat, SMS or e-mail), in the customer's
 * language, from the same background sweep as replies (case-reply-delivery.ts). The timeline's
 * status line carries the delivery, as a reply does. An internal note on the change is never sent.
 */

export type NoticeLocale = 'zh-CN' | 'en-US'

/**
 * The customer's language as their own words show it: Latin script without Chinese reads as
 * English, anything else as Chinese (the same script test as src/text/normalize-text.ts's
 * detectLanguage; Manyi keeps no language per customer).
 */
export function customerLocale(text: string): NoticeLocale {
  const han = /[\u3400-\u9fff\uf900-\ufaff]/.test(text)
  return !han && /[A-Za-z]{2,}/.test(text) ? 'en-US' : 'zh-CN'
}

/**
 * Whether a change is told: being taken on, being resolved (or a work item decided) and being
 * reopened. Moving from acknowledged to investigating, the follow-up and closing a resolved case
 * are not: one message per step the customer would otherwise ask about.
 */
export function isToldChange(from: CaseStatus, to: CaseStatus): boolean {
  if (to === 'acknowledged' || to === 'resolved') return true
  return (
    to === 'investigating' && (from === 'resolved' || from === 'followed_up' || from === 'closed')
  )
}

/** The fields a status line gets when the change is sent: pending delivery by the customer's route. */
export function statusNoticeFields(
  enabled: boolean,
  customer:
    | {
        text: string
        channel: string
        customerRef: string | null
        customerEmail: string | null
        customerPhone: string | null
      }
    | undefined,
  from: CaseStatus,
  to: CaseStatus,
): { delivery: 'pending'; detail: { via: ReplyRoute; notice: NoticeLocale } } | null {
  if (!enabled || !customer || !isToldChange(from, to)) return null
  const via = replyRouteOf(customer)
  return via
    ? { delivery: 'pending', detail: { via, notice: customerLocale(customer.text) } }
    : null
}

const WORDS = {
  'zh-CN': {
    acknowledged: '您的{kind}已受理，我们正在处理。',
    reopened: '您的{kind}已重新打开，我们会再次处理。',
    resolved: '您的{kind}已处理完毕。',
    answered: '您的咨询已答复，答复内容可在下方链接查看。',
    adopted: '感谢您的建议，我们已采纳并将据此改进。',
    declined: '感谢您的建议，经评估暂不采纳。',
    passed_on: '感谢您的表扬，我们已转达给为您服务的员工。',
    kinds: { complaint: '投诉', inquiry: '咨询', suggestion: '建议', praise: '表扬' },
    subject: '您的{kind}有新进展（{number}）',
    check: '查询处理进度',
    key: '查询码',
  },
  'en-US': {
    acknowledged: 'Your {kind} has been accepted and we are working on it.',
    reopened: 'Your {kind} has been reopened and we are looking at it again.',
    resolved: 'Your {kind} has been resolved.',
    answered: 'Your inquiry has been answered; read the answer at the link below.',
    adopted: 'Thank you for your suggestion: we have adopted it and will act on it.',
    declined: 'Thank you for your suggestion: we have considered it and will not adopt it for now.',
    passed_on: 'Thank you for your praise: we have passed it on to the employee who served you.',
    kinds: {
      complaint: 'complaint',
      inquiry: 'inquiry',
      suggestion: 'suggestion',
      praise: 'praise',
    },
    subject: 'News on your {kind} ({number})',
    check: 'Check progress',
    key: 'Status key',
  },
} as const

/** The notice of a change, in the customer's language, with the lookup link and key. */
export function statusNoticeLetter(notice: {
  locale: NoticeLocale
  kind: CaseKind
  from: CaseStatus
  to: CaseStatus
  outcome: CaseOutcome | null
  number: string
  customerName: string | null
  orgName: string
  lookup: string
  statusKey: string
}): { subject: string; text: string } {
  const w = WORDS[notice.locale]
  const kind = w.kinds[notice.kind]
  const step =
    notice.to === 'resolved' && notice.outcome
      ? w[notice.outcome]
      : notice.to === 'investigating'
        ? w.reopened
        : notice.to === 'acknowledged'
          ? w.acknowledged
          : w.resolved
  const zh = notice.locale === 'zh-CN'
  const greeting = notice.customerName
    ? zh
      ? `${notice.customerName}：\n\n`
      : `${notice.customerName},\n\n`
    : ''
  const sign = zh
    ? `— ${notice.orgName}（${notice.number}）`
    : `— ${notice.orgName} (${notice.number})`
  const lang = notice.lookup.includes('?') ? '&' : '?'
  return {
    subject: w.subject.replace('{kind}', kind).replace('{number}', notice.number),
    text: `${greeting}${step.replace('{kind}', kind)}\n\n${sign}\n\n${w.check}${zh ? '：' : ': '}${notice.lookup}${lang}lang=${notice.locale}\n${w.key}${zh ? '：' : ': '}${notice.statusKey}`,
  }
}

/** A pending line's notice language, when it is a status notice (a reply has none). */
export function noticeLocaleOf(detail: Record<string, unknown>): NoticeLocale | null {
  return detail.notice === 'zh-CN' || detail.notice === 'en-US' ? detail.notice : null
}
