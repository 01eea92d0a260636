import { SCALES, type LocalizedText, type Question, type Survey } from '../../surveys/survey.schema.js'
import type { FieldIssue } from '../../shared/errors.js'
import type { Locale } from '../../shared/locale.js'
import { escapeHtml } from './html.js'
import { PAGE_TEXT, type PageText } from './page-text.js'

/** Server-rendered respondent page: plain HTML forms, no JavaScript needed. */

export function localized(text: LocalizedText, locale: Locale): string {
  return (locale === 'en-US' ? text['en-US'] : undefined) || text['zh-CN']
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f7fa;color:#1f2329}
main{max-width:640px;margin:0 auto;padding:16px}
header{display:flex;justify-content:space-between;align-items:center;gap:8px}
h1{font-size:1.35rem;margin:8px 0 16px}
.lang{font-size:.9rem;color:#1677ff;white-space:nowrap}
fieldset{border:0;background:#fff;border-radius:10px;padding:16px;margin:0 0 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
legend{font-weight:600;padding:0;margin-bottom:10px;float:left;width:100%}
legend+*{clear:both}
.tag{font-weight:400;font-size:.8rem;color:#8a919f;margin-left:6px}
.scale{display:flex;flex-wrap:wrap;gap:6px}
.scale label{flex:1 0 2.4rem;min-width:2.4rem}
.scale input{position:absolute;opacity:0}
.scale span{display:block;text-align:center;padding:10px 0;border:1px solid #d0d5dd;border-radius:8px;cursor:pointer;background:#fff}
.scale input:checked+span{background:#1677ff;border-color:#1677ff;color:#fff}
.scale input:focus-visible+span{outline:3px solid #91caff;outline-offset:1px}
.ends{display:flex;justify-content:space-between;font-size:.8rem;color:#8a919f;margin-top:6px}
.words label{flex:1 0 100%}
textarea{width:100%;min-height:6rem;font:inherit;padding:10px;border:1px solid #d0d5dd;border-radius:8px}
.error{color:#d92d20;font-size:.9rem;margin:8px 0 0}
.summary{background:#fef3f2;border:1px solid #fda29b;border-radius:10px;padding:12px 16px;margin-bottom:14px}
button{width:100%;padding:14px;font:inherit;font-weight:600;color:#fff;background:#1677ff;border:0;border-radius:10px;cursor:pointer}
.notice{background:#fff;border-radius:10px;padding:32px 16px;text-align:center}
`

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`
}

export function noticePage(locale: Locale, title: string, body: string): string {
  return page(locale, title, `<div class="notice" role="status"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></div>`)
}

export interface FormState {
  values: Record<string, string>
  issues: FieldIssue[]
  clientResponseId: string
  /** Declared hidden fields from the link, carried through the form post. */
  hidden?: Record<string, string>
  channel?: string
}

export function surveyFormPage(survey: Survey, locale: Locale, state: FormState): string {
  const text = PAGE_TEXT[locale]
  const title = localized(survey.title, locale)
  const otherLocale: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  const issueFor = (key: string) => state.issues.find((i) => i.path === `answers.${key}`)
  const summary =
    state.issues.length === 0
      ? ''
      : `<div class="summary" role="alert"><strong>${escapeHtml(text.errorSummary)}</strong><ul>${state.issues
          .map((i) => `<li>${escapeHtml(questionTitle(survey, i.path, locale))}: ${escapeHtml(issueMessage(i, text))}</li>`)
          .join('')}</ul></div>`
  const fields = survey.questions.map((q, index) => questionField(q, index, locale, text, state.values[q.key] ?? '', issueFor(q.key))).join('')
  const body = `<header><h1>${escapeHtml(title)}</h1><a class="lang" href="?lang=${otherLocale}" lang="${otherLocale}">${escapeHtml(text.language)}</a></header>
${summary}<form method="post" action="/s/${escapeHtml(survey.slug)}?lang=${locale}" novalidate>
<input type="hidden" name="clientResponseId" value="${escapeHtml(state.clientResponseId)}">
<input type="hidden" name="locale" value="${locale}">
<input type="hidden" name="channel" value="${escapeHtml(state.channel ?? 'link')}">
${Object.entries(state.hidden ?? {}).map(([k, v]) => `<input type="hidden" name="h_${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('')}
${fields}<button type="submit">${escapeHtml(text.submit)}</button></form>`
  return page(locale, title, body)
}

function questionTitle(survey: Survey, path: string, locale: Locale): string {
  const question = survey.questions.find((q) => `answers.${q.key}` === path)
  return question ? localized(question.title, locale) : path
}

function issueMessage(issue: FieldIssue, text: PageText): string {
  if (issue.reason.startsWith('a required')) return text.missing
  if (issue.reason.startsWith('text is')) return text.tooLong
  return text.outOfRange
}

function questionField(q: Question, index: number, locale: Locale, text: PageText, value: string, issue: FieldIssue | undefined): string {
  const id = `q${index}`
  const tag = `<span class="tag">${escapeHtml(q.required ? text.required : text.optional)}</span>`
  const error = issue ? `<p class="error" id="${id}-error">${escapeHtml(issueMessage(issue, text))}</p>` : ''
  const described = issue ? ` aria-describedby="${id}-error"` : ''
  const legend = `<legend id="${id}-label">${escapeHtml(localized(q.title, locale))}${tag}</legend>`
  if (q.type === 'text') {
    return `<fieldset>${legend}<textarea name="${q.key}" aria-labelledby="${id}-label" placeholder="${escapeHtml(text.textPlaceholder)}" maxlength="5000"${described}>${escapeHtml(value)}</textarea>${error}</fieldset>`
  }
  const { min, max } = SCALES[q.type]
  const words = q.type === 'csat' ? text.csatLabels : null
  const options = []
  for (let score = min; score <= max; score++) {
    const checked = value === String(score) ? ' checked' : ''
    const label = words ? `${score} ${words[score - 1]}` : String(score)
    options.push(`<label><input type="radio" name="${q.key}" value="${score}"${checked}${q.required ? ' required' : ''}><span>${escapeHtml(label)}</span></label>`)
  }
  const ends =
    q.type === 'nps' ? [text.npsLow, text.npsHigh] : q.type === 'ces' ? [text.cesLow, text.cesHigh] : null
  const endsHtml = ends ? `<div class="ends" aria-hidden="true"><span>${escapeHtml(ends[0]!)}</span><span>${escapeHtml(ends[1]!)}</span></div>` : ''
  return `<fieldset role="radiogroup" aria-labelledby="${id}-label"${described}>${legend}<div class="scale${words ? ' words' : ''}">${options.join('')}</div>${endsHtml}${error}</fieldset>`
}
