import type { Locale } from '../shared/locale.js'

/** What a notice says to a customer, in their language. */
export interface NoticeText {
  subject: string
  text: string
}

const KIND_WORDS: Record<Locale, Record<string, string>> = {
  'zh-CN': { planned_outage: '计划停电通知', disruption: '服务中断通知' },
  'en-US': { planned_outage: 'Planned outage notice', disruption: 'Service disruption notice' },
}

/** A time as the organisation's clock shows it, e.g. 2026-10-20 08:00. */
function localTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}

/** The message of a notice: its kind, title, period on the organisation's clock and reason. */
export function noticeText(
  notice: { kind: string; title: string; reason: string; startsAt: number; endsAt: number },
  locale: Locale,
  timeZone: string,
): NoticeText {
  const kind = KIND_WORDS[locale][notice.kind] ?? KIND_WORDS[locale].disruption!
  const from = localTime(notice.startsAt, timeZone)
  const to = localTime(notice.endsAt, timeZone)
  const text =
    locale === 'zh-CN'
      ? `【${kind}】${notice.title}：${from} 至 ${to}，原因：${notice.reason}。给您带来不便，敬请谅解。`
      : `[${kind}] ${notice.title}: ${from} to ${to}. Reason: ${notice.reason}. We apologise for the inconvenience.`
  return { subject: `${kind}: ${notice.title}`, text }
}

/** The longest value a template parameter may carry (Alibaba Cloud's limit for most templates). */
const TEMPLATE_VALUE_MAX = 35

/**
 * The parameters of the approved notice template a cloud SMS gateway sends: title, start and
 * end on the organisation's clock, in this order (Tencent Cloud reads {1}, {2}, {3} by
 * position; Alibaba Cloud ${title}, ${start}, ${end} by name). A title beyond 35 characters is
 * cut with an ellipsis, which the gateway would otherwise refuse.
 */
export function noticeTemplateParams(
  notice: { title: string; startsAt: number; endsAt: number },
  timeZone: string,
): Array<{ name: string; value: string }> {
  const title = notice.title.replace(/\s+/g, ' ').trim()
  const cut =
    [...title].length > TEMPLATE_VALUE_MAX
      ? `${[...title].slice(0, TEMPLATE_VALUE_MAX - 1).join('')}…`
      : title
  return [
    { name: 'title', value: cut },
    { name: 'start', value: localTime(notice.startsAt, timeZone) },
    { name: 'end', value: localTime(notice.endsAt, timeZone) },
  ]
}
