import type { Notification } from './notifications-api'

/** The notification centre's words (loaded with the signed-in shell, not the login page). */
export const NOTIFICATION_WORDS_ZH = {
  'notifications.open': '通知',
  'notifications.unread': '{count} 条未读',
  'notifications.none': '暂无通知。案件分配给您、补偿需要您审批或审批有结果时会在这里提醒。',
  'notifications.readAll': '全部标为已读',
  'notifications.case_assigned': '案件 {case} 已分配给您',
  'notifications.approval_requested': '案件 {case} 申请补偿 {amount}，等待您审批',
  'notifications.approval_decided.approved': '案件 {case} 的补偿 {amount} 已批准',
  'notifications.approval_decided.rejected': '案件 {case} 的补偿 {amount} 被驳回',
  'notifications.robot_test': '群机器人测试消息',
}

export const NOTIFICATION_WORDS_EN: Record<keyof typeof NOTIFICATION_WORDS_ZH, string> = {
  'notifications.open': 'Notifications',
  'notifications.unread': '{count} unread',
  'notifications.none':
    'No notifications yet. You are told here when a case is given to you, a compensation awaits your approval, or your request is decided.',
  'notifications.readAll': 'Mark all read',
  'notifications.case_assigned': 'Case {case} was given to you',
  'notifications.approval_requested':
    'Case {case} asks for compensation of {amount}, awaiting your approval',
  'notifications.approval_decided.approved': 'Compensation of {amount} on case {case} was approved',
  'notifications.approval_decided.rejected': 'Compensation of {amount} on case {case} was rejected',
  'notifications.robot_test': 'Group robot test message',
}

export type NotificationWord = keyof typeof NOTIFICATION_WORDS_ZH

/** The message key and values of a notification, in the reader's language. */
export function notificationText(
  n: Notification,
  formatAmount: (cents: number) => string,
): { key: NotificationWord; vars: Record<string, string> } {
  const p = n.params
  const vars = {
    case: [p.caseNumber, p.caseTitle].filter(Boolean).join(' · '),
    amount: p.amount === undefined ? '' : formatAmount(p.amount),
  }
  if (n.kind === 'approval_decided')
    return { key: `notifications.approval_decided.${p.decision ?? 'approved'}`, vars }
  return { key: `notifications.${n.kind}`, vars }
}
