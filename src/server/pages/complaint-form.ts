import type { FieldIssue } from '../../shared/errors.js'
import { html, type SafeHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { timeZoneLabel } from '../../shared/time-zone-label.js'
import { formatPageTime, noticePage, page } from './layout.js'
import type { PageBrand } from './page-brand.js'
import { PAGE_TEXT, type PageText } from './page-text.js'

/** The public complaint form at /complain/<key>: plain HTML, no JavaScript. */

/** The form's fields that can be wrong, in the order they are shown. */
const FIELDS = ['text', 'name', 'phone', 'email', 'store', 'consent'] as const
export type ComplaintField = (typeof FIELDS)[number]

/** One thing wrong with what was posted: its field (null: the form as a whole) and what to do, worded. */
export interface ComplaintIssue {
  field: ComplaintField | null
  message: string
}

export interface ComplaintFormState {
  key: string
  orgName: string
  /** The signed "form shown at" token (feedback/public-complaint.ts). */
  shownAt: string
  /** What was posted, to refill the form after an error. */
  values: Record<string, string>
  /** What is wrong with what was posted, in the complainant's language. */
  issues: ComplaintIssue[]
  brand?: PageBrand
  /** The unit a per-unit form link names: shown, and sent back with the complaint. */
  unit?: { code: string; nameZh: string; nameEn: string | null }
}

const labelOf = (field: ComplaintField, t: PageText): string =>
  ({
    text: t.complaintText,
    name: t.contactName,
    phone: t.contactPhone,
    email: t.contactEmail,
    store: t.complaintStoreLabel,
    consent: t.complaintContact,
  })[field]

export function complaintFormPage(locale: Locale, form: ComplaintFormState): string {
  const t = PAGE_TEXT[locale]
  const { values, issues } = form
  const issueOf = (name: ComplaintField) => issues.find((i) => i.field === name)
  const invalid = (name: ComplaintField): SafeHtml | false =>
    issueOf(name) !== undefined && html` aria-invalid="true" aria-describedby="${name}-error"`
  const fieldError = (name: ComplaintField): SafeHtml | false => {
    const issue = issueOf(name)
    return issue !== undefined && html`<p class="error" id="${name}-error">${issue.message}</p>`
  }
  const field = (name: ComplaintField, label: string, type = 'text', autocomplete = '') =>
    html`<label class="contact" for="${name}">${label}<input id="${name}" type="${type}" name="${name}" value="${values[name] ?? ''}"${autocomplete && html` autocomplete="${autocomplete}"`}${invalid(name)}></label>${fieldError(name)}`
  const summary =
    issues.length > 0 &&
    html`<div class="summary" role="alert"><strong>${t.errorSummary}</strong><ul>${issues.map(
      (i) =>
        html`<li>${i.field ? html`<a href="#${i.field}">${complaintIssueLine(i, t)}</a>` : i.message}</li>`,
    )}</ul></div>`
  const body = html`<header><h1>${t.complaintTitle} · ${form.orgName}</h1></header>
${summary}
<form method="post" action="/complain/${form.key}?lang=${locale}" novalidate>
<fieldset><legend>${t.complaintIntro}</legend>
<label class="contact" for="text">${t.complaintText}</label><textarea id="text" name="text" maxlength="5000" required${invalid('text')}>${values.text ?? ''}</textarea>${fieldError('text')}
${
  form.unit
    ? html`<p class="hint" id="unit">${t.complaintUnit.replace('{unit}', locale === 'en-US' ? (form.unit.nameEn ?? form.unit.nameZh) : form.unit.nameZh)}</p><input type="hidden" name="unit" value="${form.unit.code}">`
    : field('store', t.complaintStore)
}
</fieldset>
<fieldset><legend>${t.complaintContact}<span class="tag">${t.optional}</span></legend>
<p class="hint">${t.complaintAnonymous}</p>
${field('name', t.contactName, 'text', 'name')}${field('phone', t.contactPhone, 'tel', 'tel')}${field('email', t.contactEmail, 'email', 'email')}
<label class="choice"><input type="checkbox" id="consent" name="consent" value="true"${values.consent ? html` checked` : ''}${invalid('consent')}> ${t.complaintConsent}</label>${fieldError('consent')}
<div style="position:absolute;left:-10000px" aria-hidden="true"><label>Website<input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
<input type="hidden" name="shownAt" value="${form.shownAt}">
</fieldset><button type="submit">${t.submit}</button></form>`
  return page(locale, t.complaintTitle, body, form.brand)
}

/** A summary line names the field by its label: "问题描述：请描述发生了什么（5 至 5000 字）。" */
function complaintIssueLine(issue: ComplaintIssue, t: PageText): string {
  if (!issue.field) return issue.message
  return t.summaryInvalid
    .replace('{title}', labelOf(issue.field, t))
    .replace('{message}', issue.message)
}

/**
 * The thanks after a complaint: its case number and by when someone answers, when a case was
 * opened; a complainant who left no way to reach them is not promised a call. The promised time
 * is on the business calendar's clock and says so (…08:00（北京时间）), as the agent's case page
 * does: a customer abroad or on a phone set to another zone reads the same time the agent sees.
 */
export function complaintReceivedPage(
  locale: Locale,
  receipt: {
    caseNumber: string | null
    firstResponseDue: number | null
    statusKey?: string | null
  },
  timeZone: string,
  options: { anonymous?: boolean; brand?: PageBrand; lookupUrl?: string } = {},
): string {
  const t = PAGE_TEXT[locale]
  if (!receipt.caseNumber || receipt.firstResponseDue === null)
    return noticePage(locale, t.complaintReceivedTitle, t.complaintReceivedPlain, options.brand)
  const body = options.anonymous
    ? t.complaintReceivedAnonymous.replace('{number}', receipt.caseNumber)
    : t.complaintReceivedBody
        .replace('{number}', receipt.caseNumber)
        .replace('{time}', promisedTime(receipt.firstResponseDue, locale, timeZone))
  if (!receipt.statusKey || !options.lookupUrl)
    return noticePage(locale, t.complaintReceivedTitle, body, options.brand)
  // The status key and the lookup page: how the customer follows the case without an account.
  const w = LOOKUP_WORDS[locale]
  const href = `${options.lookupUrl}?case=${encodeURIComponent(receipt.caseNumber)}&lang=${locale}`
  return page(
    locale,
    t.complaintReceivedTitle,
    html`<div class="notice" role="status"><h1>${t.complaintReceivedTitle}</h1><p>${body}</p><p class="lookup">${w.key} <strong data-status-key>${receipt.statusKey}</strong></p><p class="hint">${w.keep} <a href="${href}">${w.check}</a></p></div>`,
    options.brand,
  )
}

const LOOKUP_WORDS = {
  'zh-CN': {
    key: '查询码',
    keep: '请保存受理编号和查询码，凭它们可随时查询处理进度：',
    check: '查询处理进度',
  },
  'en-US': {
    key: 'Status key',
    keep: 'Keep the reference and this key: with them you can see how your case is going at any time.',
    check: 'Check your case',
  },
} as const

function promisedTime(at: number, locale: Locale, timeZone: string): string {
  const time = formatPageTime(at, locale, timeZone)
  const label = timeZoneLabel(timeZone, locale, at)
  return locale === 'zh-CN' ? `${time}（${label}）` : `${time} (${label})`
}

/**
 * What is wrong with the complaint form, field by field in the complainant's language (the
 * issues' reasons are English, for the API; a page never shows them or their paths).
 */
export function complaintIssues(
  code: string,
  details: readonly FieldIssue[],
  text: PageText,
): ComplaintIssue[] {
  if (code === 'COMPLAINT_REJECTED') return [{ field: null, message: text.complaintRejected }]
  const byField = new Map<ComplaintField | null, string>()
  for (const issue of details) {
    const name = issue.path.split('.').pop() as ComplaintField
    const field = FIELDS.includes(name) ? name : null
    if (byField.has(field)) continue
    byField.set(field, messageOf(field, text))
  }
  if (byField.size === 0) byField.set(null, text.complaintCheck)
  // In the order the fields are on the form, the form's own issue last.
  return [...FIELDS, null]
    .filter((f) => byField.has(f))
    .map((field) => ({ field, message: byField.get(field)! }))
}

function messageOf(field: ComplaintField | null, t: PageText): string {
  switch (field) {
    case 'text':
      return t.complaintTextNeeded
    case 'phone':
      return t.complaintPhoneInvalid
    case 'email':
      return t.complaintEmailInvalid
    case 'consent':
      return t.complaintConsentNeeded
    case 'name':
    case 'store':
      return t.tooLong
    default:
      return t.complaintCheck
  }
}
