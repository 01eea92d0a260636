import type { NotificationKind, NotificationParams } from './notification.schema.js'
import type { RobotMessage } from './robot-messages.js'

/**
 * What a group robot says about an event, in the channel's language. (The app words the same
 * events itself, in each reader's language: web/src/i18n/notifications.*.ts.)
 */
type Locale = 'zh-CN' | 'en-US'

const TITLES: Record<NotificationKind, Record<Locale, string>> = {
  case_assigned: { 'zh-CN': '案件已分配', 'en-US': 'Case assigned' },
  approval_requested: { 'zh-CN': '补偿待审批', 'en-US': 'Compensation awaits approval' },
  approval_decided: { 'zh-CN': '补偿审批结果', 'en-US': 'Compensation decided' },
  robot_test: { 'zh-CN': '满意 · 测试消息', 'en-US': 'Manyi · test message' },
}

/** Amounts are kept in cents (fen) and shown in yuan, as the case page shows them. */
const yuan = (cents: number | undefined) =>
  cents === undefined ? '' : `¥${(cents / 100).toFixed(2)}`

function describe(kind: NotificationKind, p: NotificationParams, locale: Locale): string {
  const zh = locale === 'zh-CN'
  const caseName = [p.caseNumber, p.caseTitle].filter(Boolean).join(' · ')
  switch (kind) {
    case 'case_assigned':
      return zh
        ? `案件 ${caseName} 已分配给${p.actorName ?? '处理人'}。`
        : `Case ${caseName} was given to ${p.actorName ?? 'its owner'}.`
    case 'approval_requested':
      return zh
        ? `案件 ${caseName} 申请补偿 ${yuan(p.amount)}，等待审批。`
        : `Case ${caseName} asks for compensation of ${yuan(p.amount)}, awaiting approval.`
    case 'approval_decided': {
      const approved = p.decision === 'approved'
      return zh
        ? `案件 ${caseName} 的补偿 ${yuan(p.amount)} 已${approved ? '批准' : '驳回'}。`
        : `Compensation of ${yuan(p.amount)} on case ${caseName} was ${approved ? 'approved' : 'rejected'}.`
    }
    case 'robot_test':
      return zh ? '此群机器人已连接到满意。' : 'This group robot is connected to Manyi.'
  }
}

export function robotMessageFor(
  kind: NotificationKind,
  params: NotificationParams,
  locale: Locale,
  link: string | null,
): RobotMessage {
  return {
    title: TITLES[kind][locale],
    text: describe(kind, params, locale),
    ...(link ? { link } : {}),
  }
}
