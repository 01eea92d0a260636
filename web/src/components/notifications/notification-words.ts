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
  'notifications.plan_approval_requested': '{actor}请您审批改进计划 {plan}',
  'notifications.plan_approval_decided.approved': '改进计划 {plan} 已被{actor}批准',
  'notifications.plan_approval_decided.rejected': '改进计划 {plan} 被{actor}驳回',
  'notifications.alert_fired': '预警「{rule}」：{unit} {period} {what}{subject}',
  'notifications.alert_fired.change':
    '预警「{rule}」：{unit} {period} {what}，{value}（此前 {baseline}）',
  'notifications.alert.period_drop': '较上期显著下降',
  'notifications.alert.control_signal': '控制图异常信号',
  'notifications.alert.volume_fall': '答卷量骤降',
  'notifications.alert.target_off_track': '目标可能无法达成',
  'notifications.alert.topic_surge': '话题激增',
  'notifications.alert.sla_breach_rate': 'SLA 超时率过高',
  'notifications.alert.wait_promise': '排队等候超出承诺',
  'notifications.alert.organisation': '全组织',
  'notifications.sla_warning.first_response': '案件 {case} 的首次响应时限即将到期（{due}）',
  'notifications.sla_warning.resolution': '案件 {case} 的解决时限即将到期（{due}）',
  'notifications.robot_test': '群机器人测试消息',
  'notifications.plan_task_due': '改进计划 {plan} 将于 {due} 到期',
  'notifications.plan_task_due.task': '改进计划 {plan} 的任务「{task}」将于 {due} 到期',
  'notifications.plan_overdue': '改进计划 {plan} 已逾期（截止 {due}）',
  'notifications.plan_overdue.task': '改进计划 {plan} 的任务「{task}」已逾期（截止 {due}）',
  'notifications.plan_verdict.effective': '改进计划 {plan} 判定为有效',
  'notifications.plan_verdict.not_effective': '改进计划 {plan} 判定为无效',
  'notifications.plan_verdict.not_enough_data': '改进计划 {plan} 的效果判定变为数据不足',
  'notifications.praise_received': '顾客表扬了您（{case}）：「{quote}」',
  'notifications.praise_received.plain': '顾客表扬了您（{case}）',
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
  'notifications.plan_approval_requested': '{actor} asks you to approve action plan {plan}',
  'notifications.plan_approval_decided.approved': 'Action plan {plan} was approved by {actor}',
  'notifications.plan_approval_decided.rejected': 'Action plan {plan} was rejected by {actor}',
  'notifications.alert_fired': 'Alert "{rule}": {unit}, {period}, {what}{subject}',
  'notifications.alert_fired.change':
    'Alert "{rule}": {unit}, {period}, {what}: {value} (was {baseline})',
  'notifications.alert.period_drop': 'significant drop against the previous period',
  'notifications.alert.control_signal': 'control-chart signal',
  'notifications.alert.volume_fall': 'sudden fall in answers',
  'notifications.alert.target_off_track': 'target off track',
  'notifications.alert.topic_surge': 'topic surge',
  'notifications.alert.sla_breach_rate': 'SLA breach rate too high',
  'notifications.alert.wait_promise': 'waits break the promise',
  'notifications.alert.organisation': 'the whole organisation',
  'notifications.sla_warning.first_response':
    'Case {case} is close to its first-response deadline ({due})',
  'notifications.sla_warning.resolution': 'Case {case} is close to its resolution deadline ({due})',
  'notifications.robot_test': 'Group robot test message',
  'notifications.plan_task_due': 'Action plan {plan} is due on {due}',
  'notifications.plan_task_due.task': 'Task "{task}" of action plan {plan} is due on {due}',
  'notifications.plan_overdue': 'Action plan {plan} is overdue (due {due})',
  'notifications.plan_overdue.task': 'Task "{task}" of action plan {plan} is overdue (due {due})',
  'notifications.plan_verdict.effective': 'Action plan {plan} was judged effective',
  'notifications.plan_verdict.not_effective': 'Action plan {plan} was judged not effective',
  'notifications.plan_verdict.not_enough_data':
    'The verdict on action plan {plan} is now: not enough data',
  'notifications.praise_received': 'A customer praised you ({case}): "{quote}"',
  'notifications.praise_received.plain': 'A customer praised you ({case})',
}

export type NotificationWord = keyof typeof NOTIFICATION_WORDS_ZH

const ALERT_KINDS = new Set([
  'period_drop',
  'control_signal',
  'volume_fall',
  'target_off_track',
  'topic_surge',
  'sla_breach_rate',
  'wait_promise',
])

/** The message key and values of a notification, in the reader's language. */
export function notificationText(
  n: Notification,
  formatAmount: (cents: number) => string,
  /** Words the message is built from (an alert's kind), in the reader's language. */
  word: (key: NotificationWord) => string = (key) => key,
  /** The reader's language: units and topics are named in it where they have an English name. */
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
): { key: NotificationWord; vars: Record<string, string> } {
  const p = n.params
  const vars = {
    case: [p.caseNumber, p.caseTitle].filter(Boolean).join(' · '),
    amount: p.amount === undefined ? '' : formatAmount(p.amount),
    plan: [p.planNumber, p.planTitle].filter(Boolean).join(' · '),
    task: p.taskTitle ?? '',
    due: p.dueAt === undefined ? '' : new Date(p.dueAt).toLocaleDateString(),
    actor: p.actorName ?? '',
  }
  if (n.kind === 'plan_task_due' || n.kind === 'plan_overdue')
    return { key: p.taskTitle ? `notifications.${n.kind}.task` : `notifications.${n.kind}`, vars }
  if (n.kind === 'praise_received')
    return p.praiseText
      ? { key: 'notifications.praise_received', vars: { ...vars, quote: p.praiseText } }
      : { key: 'notifications.praise_received.plain', vars }
  if (n.kind === 'plan_verdict')
    return { key: `notifications.plan_verdict.${p.verdict ?? 'not_enough_data'}`, vars }
  if (n.kind === 'sla_warning')
    return {
      key: `notifications.sla_warning.${p.slaDeadline ?? 'resolution'}`,
      vars: {
        ...vars,
        due: p.slaDueAt === undefined ? '' : new Date(p.slaDueAt).toLocaleString(),
      },
    }
  if (n.kind === 'alert_fired') {
    const round = (x: number) => String(Math.round(x * 10) / 10)
    const alertVars = {
      ...vars,
      rule: p.ruleName ?? '',
      unit:
        (locale === 'en-US' ? (p.unitNameEn ?? p.unitName) : p.unitName) ??
        word('notifications.alert.organisation'),
      period: p.period ?? '',
      what: ALERT_KINDS.has(p.alertKind ?? '')
        ? word(`notifications.alert.${p.alertKind}` as NotificationWord)
        : (p.alertKind ?? ''),
      subject: (() => {
        const label = locale === 'en-US' ? (p.subjectLabelEn ?? p.subjectLabel) : p.subjectLabel
        return label ? ` · ${label}` : ''
      })(),
      value: p.value === undefined ? '' : round(p.value),
      baseline: p.baseline === undefined ? '' : round(p.baseline),
    }
    return {
      key:
        p.value !== undefined && p.baseline !== undefined
          ? 'notifications.alert_fired.change'
          : 'notifications.alert_fired',
      vars: alertVars,
    }
  }
  if (n.kind === 'approval_requested' && p.planNumber)
    return { key: 'notifications.plan_approval_requested', vars }
  if (n.kind === 'approval_decided')
    return {
      key: `notifications.${p.planNumber ? 'plan_approval_decided' : 'approval_decided'}.${p.decision ?? 'approved'}`,
      vars,
    }
  return { key: `notifications.${n.kind}`, vars }
}
