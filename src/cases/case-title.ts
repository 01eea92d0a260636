import type { Locale } from '../shared/locale.js'
import { truncateText } from '../shared/storable-text.js'

/**
 * A case's title: the first line of the customer's words; without words, what opened it
 * ("NPS 3 · 贬损者 · 营业厅满意度"), in the organisation's language. Pure.
 */
export interface CaseTitleFacts {
  /** The feedback text; empty or "—" when the customer wrote nothing. */
  text: string
  /** The opening rule: complaint, detractor, low_csat or condition:<name>. */
  reason: string
  channel: string
  nps: number | null
  csat: number | null
  /** The survey's title in the organisation's language, when the feedback is a survey answer. */
  surveyTitle?: string | null
  /** The condition's question, when a configured condition opened the case. */
  condition?: { label: string; answer: unknown } | null
}

const TITLE_CHARS = 60

const WORDS: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    detractor: '贬损者',
    low_csat: '不满意',
    complaint: '投诉',
    condition: '规则',
    survey: '问卷',
    web: '在线投诉',
    api: '接口',
    hotline: '热线',
    social: '社交媒体',
    email: '邮件',
    note: '记录',
    store: '门店',
    noText: '未留言',
  },
  'en-US': {
    detractor: 'Detractor',
    low_csat: 'Dissatisfied',
    complaint: 'Complaint',
    condition: 'Rule',
    survey: 'Survey',
    web: 'Online form',
    api: 'API',
    hotline: 'Hotline',
    social: 'Social media',
    email: 'E-mail',
    note: 'Note',
    store: 'Store',
    noText: 'no comment',
  },
}

export function caseTitleOf(facts: CaseTitleFacts, locale: Locale): string {
  const line = facts.text.replace(/\s+/g, ' ').trim()
  if (line && line !== '—')
    return line.length > TITLE_CHARS ? `${truncateText(line, TITLE_CHARS)}…` : line
  const words = WORDS[locale]
  const parts = [...triggerOf(facts, words)]
  if (facts.surveyTitle) parts.push(facts.surveyTitle)
  else if (facts.channel !== 'survey') parts.push(words[facts.channel] ?? facts.channel)
  if (parts.length === 0) parts.push(words.noText!)
  return truncateText(parts.join(' · '), 200)
}

function triggerOf(facts: CaseTitleFacts, words: Record<string, string>): string[] {
  if (facts.reason === 'detractor' && facts.nps !== null)
    return [`NPS ${facts.nps}`, words.detractor!]
  if (facts.reason === 'low_csat' && facts.csat !== null)
    return [`CSAT ${facts.csat}`, words.low_csat!]
  if (facts.reason === 'complaint') return [words.complaint!]
  if (facts.reason.startsWith('condition:')) {
    const name = facts.reason.slice('condition:'.length)
    const answer = facts.condition ? answerText(facts.condition.answer) : ''
    const asked = facts.condition ? `${facts.condition.label} ${answer}`.trim() : ''
    return asked ? [asked, `${words.condition} ${name}`] : [`${words.condition} ${name}`]
  }
  return []
}

function answerText(answer: unknown): string {
  if (typeof answer === 'string' || typeof answer === 'number') return String(answer)
  if (Array.isArray(answer)) return answer.map(String).join(', ')
  return ''
}
