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
  alert_fired: { 'zh-CN': '满意 · 指标预警', 'en-US': 'Manyi · alert' },
  sla_warning: { 'zh-CN': '案件即将超时', 'en-US': 'Case close to its deadline' },
  robot_test: { 'zh-CN': '满意 · 测试消息', 'en-US': 'Manyi · test message' },
  plan_task_due: { 'zh-CN': '改进计划即将到期', 'en-US': 'Action plan due soon' },
  plan_overdue: { 'zh-CN': '改进计划已逾期', 'en-US': 'Action plan overdue' },
  plan_verdict: { 'zh-CN': '改进计划效果判定', 'en-US': 'Action plan verdict' },
  praise_received: { 'zh-CN': '顾客表扬', 'en-US': 'Praise from a customer' },
}

/** Approval of an action plan uses the approval kinds with the plan named. */
const PLAN_APPROVAL_TITLES: Record<Locale, string> = {
  'zh-CN': '改进计划审批',
  'en-US': 'Action plan approval',
}

const VERDICT_WORDS: Record<string, Record<Locale, string>> = {
  effective: { 'zh-CN': '有效', 'en-US': 'effective' },
  not_effective: { 'zh-CN': '无效', 'en-US': 'not effective' },
  not_enough_data: { 'zh-CN': '数据不足', 'en-US': 'not enough data yet' },
}

/** A plan's deadline as a day (UTC; the app shows it in the reader's own zone). */
const day = (at: number | undefined) =>
  at === undefined ? '' : new Date(at).toISOString().slice(0, 10)

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
      if (p.planNumber)
        return zh
          ? `${p.actorName ?? ''}请您审批改进计划 ${[p.planNumber, p.planTitle].filter(Boolean).join(' · ')}。`
          : `${p.actorName ?? 'A colleague'} asks you to approve action plan ${[p.planNumber, p.planTitle].filter(Boolean).join(' · ')}.`
      return zh
        ? `案件 ${caseName} 申请补偿 ${yuan(p.amount)}，等待审批。`
        : `Case ${caseName} asks for compensation of ${yuan(p.amount)}, awaiting approval.`
    case 'approval_decided': {
      const approved = p.decision === 'approved'
      if (p.planNumber)
        return zh
          ? `改进计划 ${[p.planNumber, p.planTitle].filter(Boolean).join(' · ')} 已被${p.actorName ?? ''}${approved ? '批准' : '驳回'}。`
          : `Action plan ${[p.planNumber, p.planTitle].filter(Boolean).join(' · ')} was ${approved ? 'approved' : 'rejected'} by ${p.actorName ?? 'the approver'}.`
      return zh
        ? `案件 ${caseName} 的补偿 ${yuan(p.amount)} 已${approved ? '批准' : '驳回'}。`
        : `Compensation of ${yuan(p.amount)} on case ${caseName} was ${approved ? 'approved' : 'rejected'}.`
    }
    case 'robot_test':
      return zh ? '此群机器人已连接到满意。' : 'This group robot is connected to Manyi.'
    case 'plan_task_due':
    case 'plan_overdue': {
      const plan = [p.planNumber, p.planTitle].filter(Boolean).join(' · ')
      const late = kind === 'plan_overdue'
      if (p.taskTitle)
        return zh
          ? `改进计划 ${plan} 的任务「${p.taskTitle}」${late ? '已逾期' : '即将到期'}（截止 ${day(p.dueAt)}）。`
          : `Task "${p.taskTitle}" of action plan ${plan} is ${late ? 'overdue' : 'due soon'} (due ${day(p.dueAt)}).`
      return zh
        ? `改进计划 ${plan} ${late ? '已逾期' : '即将到期'}（截止 ${day(p.dueAt)}）。`
        : `Action plan ${plan} is ${late ? 'overdue' : 'due soon'} (due ${day(p.dueAt)}).`
    }
    case 'plan_verdict': {
      const plan = [p.planNumber, p.planTitle].filter(Boolean).join(' · ')
      const verdict = VERDICT_WORDS[p.verdict ?? 'not_enough_data']![locale]
      return zh
        ? `改进计划 ${plan} 的效果判定变为：${verdict}。`
        : `The verdict on action plan ${plan} is now: ${verdict}.`
    }
    case 'praise_received': {
      // Said of the employee by name. The customer's words and the pass-on note come only in the
      // employee's own e-mail: a group robot is given neither (paramsForGroup).
      const who = p.employeeName ?? (zh ? '员工' : 'an employee')
      const unit = zh ? p.unitName : (p.unitNameEn ?? p.unitName)
      const where = [unit, caseName].filter(Boolean).join(zh ? '，' : ', ')
      const quote = p.praiseText ? (zh ? `：「${p.praiseText}」` : `: "${p.praiseText}"`) : ''
      const by = p.actorName ?? (zh ? '同事' : 'a colleague')
      const note = p.note ? (zh ? `\n${by}：${p.note}` : `\n${by}: ${p.note}`) : ''
      return zh
        ? `顾客表扬了${who}（${where}）${quote}。由${by}转达。${note}`
        : `A customer praised ${who} (${where})${quote}. Passed on by ${by}.${note}`
    }
    case 'alert_fired':
      return describeAlert(p, zh)
    case 'sla_warning': {
      const which =
        p.slaDeadline === 'first_response'
          ? zh
            ? '首次响应'
            : 'first response'
          : zh
            ? '解决'
            : 'resolution'
      const due =
        p.slaDueAt === undefined
          ? ''
          : new Date(p.slaDueAt).toISOString().slice(0, 16).replace('T', ' ')
      return zh
        ? `案件 ${caseName} 的${which}时限即将到期（${due} UTC）。`
        : `Case ${caseName} is close to its ${which} deadline (${due} UTC).`
    }
  }
}

const ALERT_KIND_WORDS: Record<string, Record<Locale, string>> = {
  period_drop: {
    'zh-CN': '较上期显著下降',
    'en-US': 'significant drop against the previous period',
  },
  control_signal: { 'zh-CN': '控制图异常信号', 'en-US': 'control-chart signal' },
  volume_fall: { 'zh-CN': '答卷量骤降', 'en-US': 'sudden fall in answers' },
  target_off_track: { 'zh-CN': '目标可能无法达成', 'en-US': 'target off track' },
  topic_surge: { 'zh-CN': '话题激增', 'en-US': 'topic surge' },
  sla_breach_rate: { 'zh-CN': 'SLA 超时率过高', 'en-US': 'SLA breach rate too high' },
  wait_promise: { 'zh-CN': '排队等候超出承诺', 'en-US': 'waits break the promise' },
}

const METRIC_WORDS: Record<string, Record<Locale, string>> = {
  nps: { 'zh-CN': 'NPS', 'en-US': 'NPS' },
  csm: { 'zh-CN': '七级满意度 CSM', 'en-US': 'CSM' },
  servqual: { 'zh-CN': 'SERVQUAL 差距', 'en-US': 'SERVQUAL gap' },
  csat: { 'zh-CN': '满意度', 'en-US': 'CSAT' },
  ces: { 'zh-CN': '费力度', 'en-US': 'CES' },
}

const figure = (x: number | undefined) => (x === undefined ? '' : String(Math.round(x * 10) / 10))

/** A wait_promise alert's figures: the visits over the promise, or the live estimate. */
function waitFigures(p: NotificationParams, zh: boolean): string {
  const promise = zh
    ? `承诺 ${p.withinPercent ?? ''}% 的顾客在 ${p.promiseMinutes ?? ''} 分钟内叫号`
    : `promise: ${p.withinPercent ?? ''}% called within ${p.promiseMinutes ?? ''} min`
  if (p.waitCheck === 'live')
    return zh
      ? ` 当前预计等候 ${figure(p.value)} 分钟（${promise}）。`
      : ` Estimated wait now ${figure(p.value)} min (${promise}).`
  return zh
    ? ` ${p.n ?? ''} 位中有 ${p.over ?? ''} 位（${figure(p.value)}%）等候超过 ${p.promiseMinutes ?? ''} 分钟（${promise}）。`
    : ` ${p.over ?? ''} of ${p.n ?? ''} visitors (${figure(p.value)}%) waited over ${p.promiseMinutes ?? ''} min (${promise}).`
}

function describeAlert(p: NotificationParams, zh: boolean): string {
  const locale: Locale = zh ? 'zh-CN' : 'en-US'
  const what = ALERT_KIND_WORDS[p.alertKind ?? '']?.[locale] ?? p.alertKind ?? ''
  // Units and topics in the robot's language: the English name where the unit has one.
  const where =
    (zh ? p.unitName : (p.unitNameEn ?? p.unitName)) ?? (zh ? '全组织' : 'the whole organisation')
  if (p.alertKind === 'wait_promise')
    return zh
      ? `预警「${p.ruleName ?? ''}」：${where} ${p.period ?? ''} ${what}。${waitFigures(p, zh)}`.trim()
      : `Alert "${p.ruleName ?? ''}": ${where}, ${p.period ?? ''}, ${what}.${waitFigures(p, zh)}`.trim()
  const metric = p.metric ? (METRIC_WORDS[p.metric]?.[locale] ?? p.metric) : ''
  const figures =
    p.value === undefined
      ? ''
      : p.baseline === undefined
        ? ` ${metric} ${figure(p.value)}`
        : zh
          ? ` ${metric} ${figure(p.value)}（此前 ${figure(p.baseline)}）`
          : ` ${metric} ${figure(p.value)} (was ${figure(p.baseline)})`
  const label = zh ? p.subjectLabel : (p.subjectLabelEn ?? p.subjectLabel)
  const subject = label ? ` · ${label}` : ''
  return zh
    ? `预警「${p.ruleName ?? ''}」：${where} ${p.period ?? ''} ${what}${subject}。${figures}`.trim()
    : `Alert "${p.ruleName ?? ''}": ${where}, ${p.period ?? ''}, ${what}${subject}.${figures}`.trim()
}

/**
 * What of an event a group robot is given, and its outbox keeps: everyone in the group chat reads
 * it. Praise goes without the customer's words (free text, which can hold their name, address or
 * phone) and without the pass-on note (which may quote them): the employee, their unit, the case
 * number and the link. The employee's own notice and e-mail keep both.
 */
export function paramsForGroup(kind: NotificationKind, p: NotificationParams): NotificationParams {
  if (kind !== 'praise_received') return p
  const { praiseText: _words, note: _note, ...rest } = p
  return rest
}

export function robotMessageFor(
  kind: NotificationKind,
  params: NotificationParams,
  locale: Locale,
  link: string | null,
): RobotMessage {
  return {
    title:
      params.planNumber && kind.startsWith('approval_')
        ? PLAN_APPROVAL_TITLES[locale]
        : TITLES[kind][locale],
    text: describe(kind, params, locale),
    ...(link ? { link } : {}),
  }
}
