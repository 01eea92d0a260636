import type { FieldIssue } from '../../shared/errors.js'
import { html, type SafeHtml, trustedHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { surveyPages } from '../../surveys/survey-pages.js'
import type { Survey } from '../../surveys/survey.schema.js'
import { page } from './layout.js'
import type { PageBrand } from './page-brand.js'
import { PAGE_TEXT, type PageText } from './page-text.js'
import { ENHANCED_TYPES } from './question-type-fields.js'
import { issueMessage, localized, questionField } from './survey-questions.js'

/** Server-rendered respondent page: plain HTML forms, no JavaScript needed. */

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
  /**
   * The editor's preview: the page with its script (show/skip logic, slider, signature pad) in a
   * frame that cannot submit; the script keeps its buttons and language link from leaving it.
   */
  preview?: boolean
}

const hiddenInput = (name: string, value: string | number | undefined) =>
  value !== undefined && html`<input type="hidden" name="${name}" value="${value}">`

export function surveyFormPage(
  survey: Survey,
  locale: Locale,
  state: FormState,
  brand?: PageBrand,
): string {
  const text = PAGE_TEXT[locale]
  const title = localized(survey.title, locale)
  const otherLocale: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  const issueFor = (key: string) =>
    state.issues.find((i) => i.path === `answers.${key}` || i.path.startsWith(`answers.${key}.`))
  const summary =
    state.issues.length > 0 &&
    html`<div class="summary" role="alert"><strong>${text.errorSummary}</strong><ul>${state.issues.map(
      (i) => summaryItem(survey, i, locale, text),
    )}</ul></div>`
  const pageIndex = state.page ?? 0
  const pageCount = state.pageCount ?? 1
  const onPage = new Set(surveyPages(survey.questions)[pageIndex]?.map((q) => q.key))
  const fields = survey.questions.map(
    (q, index) =>
      onPage.has(q.key) && questionField(q, index, locale, text, state.values, issueFor(q.key)),
  )
  // A page with a file question posts as multipart (a plain file field, no JavaScript needed).
  const hasUpload = survey.questions.some((q) => onPage.has(q.key) && q.type === 'file_upload')
  const personal = state.invitationToken ? `&i=${encodeURIComponent(state.invitationToken)}` : ''
  const body = html`<header><h1>${title}</h1><a class="lang" href="?lang=${otherLocale}${personal}" lang="${otherLocale}">${text.language}</a></header>
${progress(pageIndex, pageCount, text)}${summary}<form method="post" action="/s/${survey.slug}?lang=${locale}"${hasUpload && html` enctype="multipart/form-data"`} data-survey${state.preview && html` data-preview`} novalidate>
<input type="hidden" name="page" value="${pageIndex}">
${state.resumeToken && hiddenInput('resume', state.resumeToken)}
${state.invitationToken && hiddenInput('i', state.invitationToken)}
${state.linkToken && hiddenInput('t', state.linkToken)}
<input type="hidden" name="clientResponseId" value="${state.clientResponseId}">
<input type="hidden" name="locale" value="${locale}">
<input type="hidden" name="channel" value="${state.channel ?? 'link'}">
${state.startedAt ? hiddenInput('startedAt', state.startedAt) : ''}
${Object.entries(state.hidden ?? {}).map(([k, v]) => hiddenInput(`h_${k}`, v))}
${fields}${buttons(pageIndex, pageCount, text)}${state.preview && html`<p class="note" role="status" data-preview-note hidden>${text.previewNote}</p>`}</form>${logicScript(survey, state.earlier ?? {}, state.preview === true)}`
  // The preview frame is sized by the editor: no height reports to it.
  return page(locale, title, body, brand && { ...brand, name: brand.name || title }, {
    withoutScript: state.preview === true,
  })
}

function progress(page: number, count: number, text: PageText): SafeHtml | '' {
  if (count <= 1) return ''
  const label = text.progress.replace('{page}', String(page + 1)).replace('{count}', String(count))
  return html`<div class="progress"><progress value="${page + 1}" max="${count}" aria-label="${label}"></progress><span>${label}</span></div>`
}

function buttons(page: number, count: number, text: PageText): SafeHtml {
  const last = page >= count - 1
  const back =
    page > 0 &&
    html`<button type="submit" name="nav" value="back" class="secondary" formnovalidate>${text.back}</button>`
  return html`<div class="nav">${back}<button type="submit" name="nav" value="${last ? 'submit' : 'next'}">${last ? text.submit : text.next}</button></div>${count > 1 && html`<p class="note">${text.resumeNote}</p>`}`
}

/**
 * Only surveys with show/skip logic or enhanced question types (and the editor's preview, whose
 * buttons the script holds back) load the page script; the rules ride along as JSON data, with the
 * answers of earlier pages the conditions may refer to.
 */
function logicScript(
  survey: Survey,
  earlier: Record<string, unknown>,
  preview: boolean,
): SafeHtml | '' {
  const rules = survey.questions.map((q) =>
    q.showIf ? { key: q.key, showIf: q.showIf } : { key: q.key },
  )
  // The slider, locate button and signature pad are added by the same script.
  const enhanced = survey.questions.some((q) => ENHANCED_TYPES.has(q.type))
  if (!preview && !enhanced && !rules.some((r) => 'showIf' in r)) return ''
  // JSON in a script element is not HTML-escaped (the script reads it as it is): `<` as
  // \u003c is what keeps "</script>" in an answer from ending the element.
  const json = trustedHtml(JSON.stringify({ questions: rules, earlier }).replace(/</g, '\\u003c'))
  return html`<script type="application/json" id="survey-logic">${json}</script><script src="/s/assets/survey.js" defer></script>`
}

/**
 * One line of the error summary, linking to its question: "请回答：满意吗？" for an unanswered
 * question (not "满意吗？: 此题为必答题"), else the question's title and what is wrong with it.
 */
function summaryItem(survey: Survey, issue: FieldIssue, locale: Locale, text: PageText): SafeHtml {
  const index = survey.questions.findIndex(
    (q) => `answers.${q.key}` === issue.path || issue.path.startsWith(`answers.${q.key}.`),
  )
  const message = issueMessage(issue, text)
  if (index < 0) return html`<li>${message}</li>`
  const title = localized(survey.questions[index]!.title, locale)
  const line =
    message === text.missing
      ? text.summaryMissing.replace('{title}', title)
      : text.summaryInvalid.replace('{title}', title).replace('{message}', message)
  return html`<li><a href="#q${index}">${line}</a></li>`
}
