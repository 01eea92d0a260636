import type { Locale } from '../shared/locale.js'

/**
 * What an operational event's type word (created, arrived, refunded …) means, in words a case
 * handler reads: breach cases speak of "工单创建" rather than 「created」. Event types are the
 * organisation's own lowercase words; the common ones of repair, refund and work-order systems
 * are named here, and any other reads as the word itself with its separators turned to spaces.
 * Pure.
 */
const EVENT_WORDS: Readonly<Record<string, Readonly<Record<Locale, string>>>> = {
  created: { 'zh-CN': '工单创建', 'en-US': 'order created' },
  reported: { 'zh-CN': '报修', 'en-US': 'fault reported' },
  requested: { 'zh-CN': '申请提交', 'en-US': 'request made' },
  accepted: { 'zh-CN': '受理', 'en-US': 'request accepted' },
  dispatched: { 'zh-CN': '派单', 'en-US': 'crew dispatched' },
  assigned: { 'zh-CN': '派单', 'en-US': 'order assigned' },
  departed: { 'zh-CN': '出发', 'en-US': 'crew set out' },
  arrived: { 'zh-CN': '到达现场', 'en-US': 'crew on site' },
  started: { 'zh-CN': '开始处理', 'en-US': 'work started' },
  restored: { 'zh-CN': '恢复供电', 'en-US': 'service restored' },
  resolved: { 'zh-CN': '问题解决', 'en-US': 'problem resolved' },
  completed: { 'zh-CN': '处理完成', 'en-US': 'work completed' },
  approved: { 'zh-CN': '审批通过', 'en-US': 'approved' },
  paid: { 'zh-CN': '付款', 'en-US': 'payment made' },
  refunded: { 'zh-CN': '退费到账', 'en-US': 'refund paid' },
  delivered: { 'zh-CN': '送达', 'en-US': 'delivered' },
  installed: { 'zh-CN': '安装完成', 'en-US': 'installed' },
  replied: { 'zh-CN': '答复', 'en-US': 'reply sent' },
  closed: { 'zh-CN': '办结', 'en-US': 'order closed' },
  cancelled: { 'zh-CN': '撤销', 'en-US': 'cancelled' },
}

/** The event type in words of the locale; an unnamed type as its own words (site_visit → site visit). */
export function eventWords(type: string, locale: Locale): string {
  return EVENT_WORDS[type]?.[locale] ?? type.replace(/[_-]+/g, ' ').trim()
}
