import type { Locale } from '../shared/locale.js'
import {
  KANO_ANSWER_KEYS,
  type LocalizedText,
  type Question,
  SCALES,
  isScaleType,
} from '../surveys/survey.schema.js'

// A survey answer as an agent reads it on the case: each answered question with the customer's
// answer in words, in both languages (the admin app shows the reader's). The words match the
// respondent page's (src/server/pages/page-text.ts), so the agent reads what the customer chose.

export interface AnswerLine {
  key: string
  type: string
  title: LocalizedText
  text: Record<Locale, string>
}

const WORDS = {
  'zh-CN': {
    csat: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
    agree5: ['非常不同意', '不同意', '一般', '同意', '非常同意'],
    importance: ['不重要', '不太重要', '一般', '重要', '非常重要'],
    csm: ['很不满意', '不满意', '不太满意', '一般', '较满意', '满意', '很满意'],
    kano: ['我喜欢', '理应如此', '无所谓', '能忍受', '我不喜欢'],
    functional: '具备时',
    dysfunctional: '不具备时',
    expectation: '期望',
    perception: '感知',
    list: '、',
    separator: '；',
    colon: '：',
  },
  'en-US': {
    csat: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
    agree5: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
    importance: [
      'Not important',
      'Slightly important',
      'Moderately important',
      'Important',
      'Very important',
    ],
    csm: [
      'Very dissatisfied',
      'Dissatisfied',
      'Somewhat dissatisfied',
      'Neutral',
      'Fairly satisfied',
      'Satisfied',
      'Very satisfied',
    ],
    kano: ['I like it', 'I expect it', 'I am neutral', 'I can live with it', 'I dislike it'],
    functional: 'with it',
    dysfunctional: 'without it',
    expectation: 'expected',
    perception: 'experienced',
    list: ', ',
    separator: '; ',
    colon: ': ',
  },
} as const

function labelOf(text: LocalizedText, locale: Locale): string {
  return (locale === 'en-US' && text['en-US']) || text['zh-CN']
}

/** A score on one of the fixed scales, with its words where the scale has them: "2 / 5 · 不满意". */
function scoreText(type: string, value: number, locale: Locale): string {
  const w = WORDS[locale]
  if (type === 'csm7') {
    const words = w.csm[(value + 60) / 20]
    return `${value > 0 ? '+' : ''}${value}${words ? ` · ${words}` : ''}`
  }
  const scale = isScaleType(type as Question['type'])
    ? SCALES[type as keyof typeof SCALES]
    : undefined
  const words =
    type === 'csat'
      ? w.csat[value - 1]
      : type === 'likert5'
        ? w.agree5[value - 1]
        : type === 'importance5'
          ? w.importance[value - 1]
          : undefined
  const score = scale ? `${value} / ${scale.max}` : String(value)
  return words ? `${score} · ${words}` : score
}

function pairOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

/** One answer in words, or null when there is nothing to show (skipped, or not of this form). */
function answerText(q: Question, value: unknown, locale: Locale): string | null {
  const w = WORDS[locale]
  if (value === undefined || value === null || value === '') return null
  switch (q.type) {
    case 'text':
      return typeof value === 'string' ? value : String(value)
    case 'single': {
      const option = q.options?.find((o) => o.key === value)
      return option ? labelOf(option.label, locale) : String(value)
    }
    case 'multiple': {
      const keys = Array.isArray(value) ? value.map(String) : [String(value)]
      if (keys.length === 0) return null
      return keys
        .map((k) => {
          const option = q.options?.find((o) => o.key === k)
          return option ? labelOf(option.label, locale) : k
        })
        .join(w.list)
    }
    case 'matrix': {
      const rows = pairOf(value)
      if (!rows || !q.matrix) return null
      const scale = q.matrix.scale
      const parts = q.matrix.rows.flatMap((row) => {
        const score = rows[row.key]
        return typeof score === 'number'
          ? [`${labelOf(row.label, locale)}${w.colon}${scoreText(scale, score, locale)}`]
          : []
      })
      return parts.length > 0 ? parts.join(w.separator) : null
    }
    case 'kano': {
      const pair = pairOf(value)
      if (!pair) return null
      const kano = (answer: unknown) => {
        const i = (KANO_ANSWER_KEYS as readonly unknown[]).indexOf(answer)
        return i >= 0 ? w.kano[i]! : String(answer ?? '—')
      }
      return `${w.functional}${w.colon}${kano(pair.functional)}${w.separator}${w.dysfunctional}${w.colon}${kano(pair.dysfunctional)}`
    }
    case 'servqual': {
      const pair = pairOf(value)
      if (!pair) return null
      return `${w.expectation} ${String(pair.expectation ?? '—')} / 7${w.separator}${w.perception} ${String(pair.perception ?? '—')} / 7`
    }
    case 'contact':
      // Shown as the case's customer (with the consent they gave), not repeated here.
      return null
    default:
      return typeof value === 'number' ? scoreText(q.type, value, locale) : String(value)
  }
}

/** The questions the customer answered, in the survey's order, each in words in both languages. */
export function answerLines(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
): AnswerLine[] {
  const lines: AnswerLine[] = []
  for (const q of questions) {
    const zh = answerText(q, answers[q.key], 'zh-CN')
    if (zh === null) continue
    const en = answerText(q, answers[q.key], 'en-US') ?? zh
    lines.push({ key: q.key, type: q.type, title: q.title, text: { 'zh-CN': zh, 'en-US': en } })
  }
  return lines
}
