import type { MessageKey, UiLocale } from '../../i18n/i18n'
import { yuan } from '../case/yuan'
import type { TimelineEntry } from './customers-api'
/** The customer page's words (web/src/pages/customers). */
export const CUSTOMERS_ZH = {
  'customers.title': '客户',
  'customers.intro':
    '按任一标识查找客户：手机号（任意格式）、邮箱、会员号、户号、外部编号或微信 openid。客户页汇集其全部问卷回答、反馈、工单与交易。',
  'customers.search': '输入手机号、户号、邮箱…',
  'customers.churn': '查看流失风险 →',
  'customers.retention': '查看客户留存 →',
  'customers.loyalty': '会员积分计划 →',
  'customers.none': '没有找到该客户。',
  'customers.notLinked': '这条记录没有关联到客户，或其客户不在您的单位范围内。',
  'customers.open': '查看',
  'customers.keys': '标识',
  'customers.kind.phone': '手机号',
  'customers.kind.email': '邮箱',
  'customers.kind.member': '会员号',
  'customers.kind.account': '户号',
  'customers.kind.external': '外部编号',
  'customers.kind.openid': '微信 openid',
  'customers.satisfaction': '当前满意度',
  'customers.lastContact': '最近接触',
  'customers.openCases': '未结工单',
  'customers.answers': '问卷回答',
  'customers.spend': '消费合计',
  'customers.refunds': '退款笔数',
  'customers.timeline': '时间线',
  'customers.entry.answer': '问卷回答',
  'customers.entry.feedback': '反馈',
  'customers.entry.case': '工单',
  'customers.entry.invitation': '邀请',
  'customers.entry.transaction': '交易',
  'customers.txType.order': '订单',
  'customers.txType.visit': '到店',
  'customers.txType.bill': '账单',
  'customers.txType.payment': '缴费',
  'customers.txType.service_order': '服务工单',
  'customers.refund': '退款',
  'customers.compensation': '补偿',
  'customers.pointsAmount': '{n} 积分',
  'customers.sentiment.positive': '正面',
  'customers.sentiment.neutral': '中性',
  'customers.sentiment.negative': '负面',
  'customers.merges': '合并记录',
  'customers.merged': '已合并',
  'customers.unmerged': '已拆分',
  'customers.conflict': '标识冲突',
  'customers.erased': '个人信息已删除',
  'customers.byRule': '按规则',
  'customers.byHand': '手工',
  'customers.unmerge': '撤销合并',
  'customers.mergedInto': '该客户已合并到另一位客户，显示的是合并后的客户。',
  'customers.empty': '暂无记录。',
  'customers.none.yet': '—',
}

export const CUSTOMERS_EN: Record<keyof typeof CUSTOMERS_ZH, string> = {
  'customers.title': 'Customers',
  'customers.intro':
    'Find a customer by any key: phone (any format), e-mail, member number, account number, external reference or WeChat openid. The customer page gathers all their answers, feedback, cases and transactions.',
  'customers.search': 'Phone, account number, e-mail…',
  'customers.churn': 'See churn risk →',
  'customers.retention': 'See retention →',
  'customers.loyalty': 'Loyalty programme →',
  'customers.none': 'No customer found.',
  'customers.notLinked':
    'No customer is linked to this record, or their customer is outside your units.',
  'customers.open': 'Open',
  'customers.keys': 'Keys',
  'customers.kind.phone': 'Phone',
  'customers.kind.email': 'E-mail',
  'customers.kind.member': 'Member no.',
  'customers.kind.account': 'Account no.',
  'customers.kind.external': 'External ref.',
  'customers.kind.openid': 'WeChat openid',
  'customers.satisfaction': 'Current satisfaction',
  'customers.lastContact': 'Last contact',
  'customers.openCases': 'Open cases',
  'customers.answers': 'Answers',
  'customers.spend': 'Total spend',
  'customers.refunds': 'Refunds',
  'customers.timeline': 'Timeline',
  'customers.entry.answer': 'Answer',
  'customers.entry.feedback': 'Feedback',
  'customers.entry.case': 'Case',
  'customers.entry.invitation': 'Invitation',
  'customers.entry.transaction': 'Transaction',
  'customers.txType.order': 'Order',
  'customers.txType.visit': 'Visit',
  'customers.txType.bill': 'Bill',
  'customers.txType.payment': 'Payment',
  'customers.txType.service_order': 'Service order',
  'customers.refund': 'Refund',
  'customers.compensation': 'Compensation',
  'customers.pointsAmount': '{n} points',
  'customers.sentiment.positive': 'Positive',
  'customers.sentiment.neutral': 'Neutral',
  'customers.sentiment.negative': 'Negative',
  'customers.merges': 'Merges',
  'customers.merged': 'Merged',
  'customers.unmerged': 'Unmerged',
  'customers.conflict': 'Key conflict',
  'customers.erased': 'Personal data erased',
  'customers.byRule': 'by rule',
  'customers.byHand': 'by hand',
  'customers.unmerge': 'Undo merge',
  'customers.mergedInto': 'This customer was merged into another; the merged customer is shown.',
  'customers.empty': 'Nothing yet.',
  'customers.none.yet': '—',
}

/** A page's translate function: its own words first, then the app's dictionary (key shown if missing). */
type Say = (
  key: keyof typeof CUSTOMERS_ZH | MessageKey,
  vars?: Record<string, string | number>,
) => string

/** The word for a key the dictionary has, or undefined (a missing key is shown as itself). */
function known(say: Say, key: string): string | undefined {
  const word = say(key as MessageKey)
  return word === key ? undefined : word
}

/**
 * What a timeline entry's facts say, in the reader's language: a case's status and a record's
 * channel in the words the case list, case page and answers use; compensation as money (fen as
 * yuan, as the case page shows it) and points as points, never points divided as money; an
 * answer's survey by its title. An organisation's own words (a transaction's channel, a status or
 * channel the app has no word for) show as sent.
 */
export function timelineFactWords(
  e: Pick<TimelineEntry, 'kind' | 'facts'>,
  say: Say,
  locale: UiLocale,
): { status?: string; channel?: string; money?: string; points?: string; survey?: string } {
  const f = e.facts
  const words: ReturnType<typeof timelineFactWords> = {}
  if (f.status) words.status = known(say, `caseStatus.${f.status}`) ?? f.status
  if (f.channel) {
    // Answers came in by a response channel; cases and feedback by a case channel.
    const dictionaries =
      e.kind === 'transaction'
        ? []
        : e.kind === 'answer' || e.kind === 'invitation'
          ? ['responseChannel', 'caseChannel']
          : ['caseChannel', 'responseChannel']
    words.channel =
      dictionaries.map((d) => known(say, `${d}.${f.channel}`)).find((w) => w !== undefined) ??
      f.channel
  }
  if (f.compensation) words.money = yuan(f.compensation)
  if (f.compensationPoints)
    words.points = say('customers.pointsAmount', { n: f.compensationPoints })
  if (f.surveyTitle)
    words.survey =
      (locale === 'en-US' ? f.surveyTitle['en-US'] : undefined) || f.surveyTitle['zh-CN']
  return words
}

/** Transaction types the product names in both languages; an organisation's own types show as sent. */
const KNOWN_TRANSACTION_TYPES = ['order', 'visit', 'bill', 'payment', 'service_order'] as const
type KnownTransactionType = (typeof KNOWN_TRANSACTION_TYPES)[number]

/**
 * The word for a transaction's type: "Service order", "service-order" and "service_order" are the
 * same known type; anything else is the organisation's own word, shown as it was imported.
 */
export function transactionTypeKey(
  type: string,
): `customers.txType.${KnownTransactionType}` | null {
  const normalized = type
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
  const known = KNOWN_TRANSACTION_TYPES.find((k) => k === normalized)
  return known ? `customers.txType.${known}` : null
}
