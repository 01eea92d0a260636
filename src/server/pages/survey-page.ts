import {
  KANO_ANSWER_KEYS,
  type LocalizedText,
  type Question,
  type Survey,
} from '../../surveys/survey.schema.js'
import type { FieldIssue } from '../../shared/errors.js'
import type { Locale } from '../../shared/locale.js'
import { surveyPages } from '../../surveys/survey-pages.js'
import { escapeHtml } from '../../shared/html.js'
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
.lang{font-size:.9rem;color:#0958d9;white-space:nowrap}
fieldset{border:0;background:#fff;border-radius:10px;padding:16px;margin:0 0 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
legend{font-weight:600;padding:0;margin-bottom:10px;float:left;width:100%}
legend+*{clear:both}
.tag{font-weight:400;font-size:.8rem;color:#5d6679;margin-left:6px}
.scale{display:flex;flex-wrap:wrap;gap:6px}
.scale label{flex:1 0 2.4rem;min-width:2.4rem}
.scale input{position:absolute;opacity:0}
.scale span{display:block;text-align:center;padding:10px 0;border:1px solid #d0d5dd;border-radius:8px;cursor:pointer;background:#fff}
.scale input:checked+span{background:#0958d9;border-color:#0958d9;color:#fff}
.scale input:focus-visible+span{outline:3px solid #91caff;outline-offset:1px}
.ends{display:flex;justify-content:space-between;font-size:.8rem;color:#5d6679;margin-top:6px}
.words label{flex:1 0 100%}
.matrix-row{padding:6px 0;border-top:1px solid #eaecf0}
.matrix-row:first-of-type{border-top:0}
.sub{margin:10px 0 6px;color:#344054}
.choices{display:flex;flex-direction:column;gap:8px}
.choice{display:flex;gap:8px;align-items:center}
.contact{display:flex;flex-direction:column;gap:4px;margin-bottom:10px;font-size:.9rem;color:#344054}
.contact input{font:inherit;padding:8px;border:1px solid #d0d5dd;border-radius:8px}
textarea{width:100%;min-height:6rem;font:inherit;padding:10px;border:1px solid #d0d5dd;border-radius:8px}
.error{color:#d92d20;font-size:.9rem;margin:8px 0 0}
.summary{background:#fef3f2;border:1px solid #fda29b;border-radius:10px;padding:12px 16px;margin-bottom:14px}
.progress{display:flex;align-items:center;gap:10px;margin:0 0 14px;color:#344054;font-size:.9rem}
.progress progress{flex:1;height:8px;accent-color:#0958d9}
.nav{display:flex;gap:10px}
.nav button.secondary{background:#fff;color:#0958d9;border:1px solid #0958d9}
.note{font-size:.85rem;color:#5d6679;text-align:center}
button{width:100%;padding:14px;font:inherit;font-weight:600;color:#fff;background:#0958d9;border:0;border-radius:10px;cursor:pointer}
.notice{background:#fff;border-radius:10px;padding:32px 16px;text-align:center}
`

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><style>${STYLE}</style><script src="/s/assets/frame.js" defer></script></head><body><main>${body}</main></body></html>`
}

/** A page with the survey page's look around ready-made (already escaped) HTML. */
export function plainPage(locale: Locale, title: string, bodyHtml: string): string {
  return page(locale, title, bodyHtml)
}

export function noticePage(locale: Locale, title: string, body: string): string {
  return page(
    locale,
    title,
    `<div class="notice" role="status"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></div>`,
  )
}

export interface FormState {
  /** What was posted, by form field name, to refill the form after an error. */
  values: Record<string, string | string[] | undefined>
  issues: FieldIssue[]
  clientResponseId: string
  /** Declared hidden fields from the link, carried through the form post. */
  hidden?: Record<string, string>
  channel?: string
  /** When the form was first shown (epoch ms). */
  startedAt?: number
  /** Multi-page surveys: the page shown (0-based) and how many there are. */
  page?: number
  pageCount?: number
  /** The draft's resume token, carried as a form field (cookies may be blocked in frames). */
  resumeToken?: string
  /** A personal link's token. */
  invitationToken?: string
  /** A signed link token, posted back so the server checks it again. */
  linkToken?: string
  /** Answers from earlier pages, for the page script's show/skip logic. */
  earlier?: Record<string, unknown>
}

export function surveyFormPage(survey: Survey, locale: Locale, state: FormState): string {
  const text = PAGE_TEXT[locale]
  const title = localized(survey.title, locale)
  const otherLocale: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  const issueFor = (key: string) =>
    state.issues.find((i) => i.path === `answers.${key}` || i.path.startsWith(`answers.${key}.`))
  const summary =
    state.issues.length === 0
      ? ''
      : `<div class="summary" role="alert"><strong>${escapeHtml(text.errorSummary)}</strong><ul>${state.issues
          .map(
            (i) =>
              `<li>${escapeHtml(questionTitle(survey, i.path, locale))}: ${escapeHtml(issueMessage(i, text))}</li>`,
          )
          .join('')}</ul></div>`
  const pageIndex = state.page ?? 0
  const pageCount = state.pageCount ?? 1
  const onPage = new Set(surveyPages(survey.questions)[pageIndex]?.map((q) => q.key))
  const fields = survey.questions
    .map((q, index) =>
      onPage.has(q.key) ? questionField(q, index, locale, text, state.values, issueFor(q.key)) : '',
    )
    .join('')
  const personal = state.invitationToken ? `&i=${encodeURIComponent(state.invitationToken)}` : ''
  const body = `<header><h1>${escapeHtml(title)}</h1><a class="lang" href="?lang=${otherLocale}${escapeHtml(personal)}" lang="${otherLocale}">${escapeHtml(text.language)}</a></header>
${progress(pageIndex, pageCount, text)}${summary}<form method="post" action="/s/${escapeHtml(survey.slug)}?lang=${locale}" data-survey novalidate>
<input type="hidden" name="page" value="${pageIndex}">
${state.resumeToken ? `<input type="hidden" name="resume" value="${escapeHtml(state.resumeToken)}">` : ''}
${state.invitationToken ? `<input type="hidden" name="i" value="${escapeHtml(state.invitationToken)}">` : ''}
${state.linkToken ? `<input type="hidden" name="t" value="${escapeHtml(state.linkToken)}">` : ''}
<input type="hidden" name="clientResponseId" value="${escapeHtml(state.clientResponseId)}">
<input type="hidden" name="locale" value="${locale}">
<input type="hidden" name="channel" value="${escapeHtml(state.channel ?? 'link')}">
${state.startedAt ? `<input type="hidden" name="startedAt" value="${state.startedAt}">` : ''}
${Object.entries(state.hidden ?? {})
  .map(([k, v]) => `<input type="hidden" name="h_${escapeHtml(k)}" value="${escapeHtml(v)}">`)
  .join('')}
${fields}${buttons(pageIndex, pageCount, text)}</form>${logicScript(survey, state.earlier ?? {})}`
  return page(locale, title, body)
}

function progress(page: number, count: number, text: PageText): string {
  if (count <= 1) return ''
  const label = text.progress.replace('{page}', String(page + 1)).replace('{count}', String(count))
  return `<div class="progress"><progress value="${page + 1}" max="${count}" aria-label="${escapeHtml(label)}"></progress><span>${escapeHtml(label)}</span></div>`
}

function buttons(page: number, count: number, text: PageText): string {
  const last = page >= count - 1
  const back =
    page > 0
      ? `<button type="submit" name="nav" value="back" class="secondary" formnovalidate>${escapeHtml(text.back)}</button>`
      : ''
  const forward = `<button type="submit" name="nav" value="${last ? 'submit' : 'next'}">${escapeHtml(last ? text.submit : text.next)}</button>`
  const note = count > 1 ? `<p class="note">${escapeHtml(text.resumeNote)}</p>` : ''
  return `<div class="nav">${back}${forward}</div>${note}`
}

/**
 * Only surveys with show/skip logic load the page script; the rules ride along
 * as JSON data, with the answers of earlier pages the conditions may refer to.
 */
function logicScript(survey: Survey, earlier: Record<string, unknown>): string {
  const rules = survey.questions.map((q) =>
    q.showIf ? { key: q.key, showIf: q.showIf } : { key: q.key },
  )
  if (!rules.some((r) => 'showIf' in r)) return ''
  const json = JSON.stringify({ questions: rules, earlier }).replace(/</g, '\\u003c')
  return `<script type="application/json" id="survey-logic">${json}</script><script src="/s/assets/survey.js" defer></script>`
}

function questionTitle(survey: Survey, path: string, locale: Locale): string {
  const question = survey.questions.find(
    (q) => `answers.${q.key}` === path || path.startsWith(`answers.${q.key}.`),
  )
  return question ? localized(question.title, locale) : path
}

function issueMessage(issue: FieldIssue, text: PageText): string {
  if (issue.reason.startsWith('a required') || issue.reason.endsWith('was not answered'))
    return text.missing
  if (issue.reason.startsWith('contact details')) return text.consentNeeded
  if (issue.reason.startsWith('is not')) return text.invalidContact
  if (issue.reason.startsWith('text is')) return text.tooLong
  return text.outOfRange
}

type FormValues = Record<string, string | string[] | undefined>

interface FieldContext {
  id: string
  locale: Locale
  text: PageText
  values: FormValues
  required: string
}

function radioScale(
  ctx: FieldContext,
  name: string,
  scores: ReadonlyArray<number | string>,
  labelOf: (score: number | string, i: number) => string,
  wordy = false,
): string {
  const chosen = ctx.values[name]
  const options = scores.map((score, i) => {
    const checked = chosen === String(score) ? ' checked' : ''
    return `<label><input type="radio" name="${escapeHtml(name)}" value="${score}"${checked}${ctx.required}><span>${escapeHtml(labelOf(score, i))}</span></label>`
  })
  return `<div class="scale${wordy ? ' words' : ''}">${options.join('')}</div>`
}

function ends(low: string, high: string): string {
  return `<div class="ends" aria-hidden="true"><span>${escapeHtml(low)}</span><span>${escapeHtml(high)}</span></div>`
}

const range = (min: number, max: number, step = 1) =>
  Array.from({ length: (max - min) / step + 1 }, (_, i) => min + i * step)

/** Options in their defined order, or shuffled per page view when the question asks for it (Fisher–Yates). */
function orderedOptions(q: Question): NonNullable<Question['options']> {
  const options = [...(q.options ?? [])]
  if (!q.randomize) return options
  for (let i = options.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[options[i], options[j]] = [options[j]!, options[i]!]
  }
  return options
}

/** The inputs of one question; names follow answerFromForm (`key`, `key.part`). */
function questionInputs(q: Question, ctx: FieldContext): string {
  const t = ctx.text
  switch (q.type) {
    case 'text':
      return `<textarea name="${q.key}" aria-labelledby="${ctx.id}-label" placeholder="${escapeHtml(t.textPlaceholder)}" maxlength="5000">${escapeHtml(String(ctx.values[q.key] ?? ''))}</textarea>`
    case 'nps':
      return radioScale(ctx, q.key, range(0, 10), String) + ends(t.npsLow, t.npsHigh)
    case 'csat':
      return radioScale(ctx, q.key, range(1, 5), (s, i) => `${s} ${t.csatLabels[i]}`, true)
    case 'ces':
      return radioScale(ctx, q.key, range(1, 7), String) + ends(t.cesLow, t.cesHigh)
    case 'likert5':
      return radioScale(ctx, q.key, range(1, 5), (s, i) => `${s} ${t.agreeLabels5[i]}`, true)
    case 'likert7':
      return radioScale(ctx, q.key, range(1, 7), String) + ends(t.cesLow, t.cesHigh)
    case 'csm7':
      return radioScale(ctx, q.key, range(-60, 60, 20), (_, i) => t.csmLabels[i]!, true)
    case 'rating10':
      return radioScale(ctx, q.key, range(1, 10), String) + ends(t.ratingLow, t.ratingHigh)
    case 'importance5':
      return radioScale(ctx, q.key, range(1, 5), (s, i) => `${s} ${t.importanceLabels[i]}`, true)
    case 'single':
    case 'multiple': {
      const chosen = ([] as string[]).concat(ctx.values[q.key] ?? [])
      const input = q.type === 'single' ? 'radio' : 'checkbox'
      const items = orderedOptions(q).map(
        (o) =>
          `<label class="choice"><input type="${input}" name="${q.key}" value="${escapeHtml(o.key)}"${chosen.includes(o.key) ? ' checked' : ''}> ${escapeHtml(localized(o.label, ctx.locale))}</label>`,
      )
      return `<div class="choices">${items.join('')}</div>`
    }
    case 'matrix': {
      const { scale, rows } = q.matrix!
      const rowsHtml = rows.map((row) => {
        const labelId = `${ctx.id}-${row.key}`
        return `<div class="matrix-row" role="radiogroup" aria-labelledby="${labelId}"><p class="sub" id="${labelId}">${escapeHtml(localized(row.label, ctx.locale))}</p>${matrixScale(ctx, `${q.key}.${row.key}`, scale)}</div>`
      })
      return (
        rowsHtml.join('') +
        (scale === 'likert7'
          ? ends(t.cesLow, t.cesHigh)
          : scale === 'rating10'
            ? ends(t.ratingLow, t.ratingHigh)
            : '')
      )
    }
    case 'kano': {
      const part = (name: 'functional' | 'dysfunctional') =>
        `<p class="sub">${escapeHtml(localized(q.kano![name], ctx.locale))}</p>` +
        radioScale(ctx, `${q.key}.${name}`, KANO_ANSWER_KEYS, (_, i) => t.kanoLabels[i]!, true)
      return part('functional') + part('dysfunctional')
    }
    case 'servqual':
      return `<p class="sub">${escapeHtml(t.expectation)}</p>${radioScale(ctx, `${q.key}.expectation`, range(1, 7), String)}<p class="sub">${escapeHtml(t.perception)}</p>${radioScale(ctx, `${q.key}.perception`, range(1, 7), String)}${ends(t.cesLow, t.cesHigh)}`
    case 'contact': {
      const field = (name: string, label: string, type: string) =>
        `<label class="contact">${escapeHtml(label)}<input type="${type}" name="${q.key}.${name}" value="${escapeHtml(String(ctx.values[`${q.key}.${name}`] ?? ''))}"></label>`
      const consent = ctx.values[`${q.key}.consent`] ? ' checked' : ''
      return `${field('name', t.contactName, 'text')}${field('phone', t.contactPhone, 'tel')}${field('email', t.contactEmail, 'email')}<label class="choice"><input type="checkbox" name="${q.key}.consent" value="true"${consent}> ${escapeHtml(t.contactConsent)}</label>`
    }
  }
}

/** One matrix row's radios, labelled as the same scale would be on its own. */
function matrixScale(
  ctx: FieldContext,
  name: string,
  scale: NonNullable<Question['matrix']>['scale'],
): string {
  const t = ctx.text
  switch (scale) {
    case 'likert5':
      return radioScale(ctx, name, range(1, 5), (s, i) => `${s} ${t.agreeLabels5[i]}`, true)
    case 'csat':
      return radioScale(ctx, name, range(1, 5), (s, i) => `${s} ${t.csatLabels[i]}`, true)
    case 'importance5':
      return radioScale(ctx, name, range(1, 5), (s, i) => `${s} ${t.importanceLabels[i]}`, true)
    case 'likert7':
      return radioScale(ctx, name, range(1, 7), String)
    case 'rating10':
      return radioScale(ctx, name, range(1, 10), String)
  }
}

function questionField(
  q: Question,
  index: number,
  locale: Locale,
  text: PageText,
  values: FormValues,
  issue: FieldIssue | undefined,
): string {
  const id = `q${index}`
  const tag = `<span class="tag">${escapeHtml(q.required ? text.required : text.optional)}</span>`
  const error = issue
    ? `<p class="error" id="${id}-error">${escapeHtml(issueMessage(issue, text))}</p>`
    : ''
  const described = issue ? ` aria-describedby="${id}-error"` : ''
  const legend = `<legend id="${id}-label">${escapeHtml(localized(q.title, locale))}${tag}</legend>`
  const role =
    q.type === 'text' || q.type === 'contact' || q.type === 'multiple' || q.type === 'matrix'
      ? ''
      : ' role="radiogroup"'
  const inputs = questionInputs(q, {
    id,
    locale,
    text,
    values,
    required: q.required && q.type !== 'multiple' ? ' required' : '',
  })
  return `<fieldset${role} data-key="${q.key}" aria-labelledby="${id}-label"${described}>${legend}${inputs}${error}</fieldset>`
}
