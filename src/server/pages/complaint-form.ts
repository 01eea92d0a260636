import type { FieldIssue } from '../../shared/errors.js'
import { html } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { formatPageTime, noticePage, page } from './layout.js'
import { PAGE_TEXT, type PageText } from './page-text.js'

/** The public complaint form at /complain/<key>: plain HTML, no JavaScript. */

export interface ComplaintFormState {
  key: string
  orgName: string
  /** The signed "form shown at" token (feedback/public-complaint.ts). */
  shownAt: string
  /** What was posted, to refill the form after an error. */
  values: Record<string, string>
  /** What is wrong with what was posted, in the complainant's language. */
  error: string | null
}

export function complaintFormPage(locale: Locale, form: ComplaintFormState): string {
  const t = PAGE_TEXT[locale]
  const { values } = form
  const field = (name: string, label: string, type = 'text') =>
    html`<label class="contact">${label}<input type="${type}" name="${name}" value="${values[name] ?? ''}"></label>`
  const body = html`<header><h1>${t.complaintTitle} · ${form.orgName}</h1></header>
${form.error && html`<div class="summary" role="alert">${form.error}</div>`}
<form method="post" action="/complain/${form.key}?lang=${locale}" novalidate>
<fieldset><legend>${t.complaintIntro}</legend>
<label class="contact" for="text">${t.complaintText}</label><textarea id="text" name="text" maxlength="5000" required>${values.text ?? ''}</textarea>
${field('name', t.contactName)}${field('phone', t.contactPhone, 'tel')}${field('email', t.contactEmail, 'email')}${field('store', t.complaintStore)}
<label class="choice"><input type="checkbox" name="consent" value="true"${values.consent ? html` checked` : ''}> ${t.complaintConsent}</label>
<div style="position:absolute;left:-10000px" aria-hidden="true"><label>Website<input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
<input type="hidden" name="shownAt" value="${form.shownAt}">
</fieldset><button type="submit">${t.submit}</button></form>`
  return page(locale, t.complaintTitle, body)
}

/** The thanks after a complaint: its case number and by when someone answers, when a case was opened. */
export function complaintReceivedPage(
  locale: Locale,
  receipt: { caseNumber: string | null; firstResponseDue: number | null },
  timeZone: string,
): string {
  const t = PAGE_TEXT[locale]
  if (!receipt.caseNumber || receipt.firstResponseDue === null)
    return noticePage(locale, t.complaintReceivedTitle, t.complaintReceivedPlain)
  const due = formatPageTime(receipt.firstResponseDue, locale, timeZone)
  return noticePage(
    locale,
    t.complaintReceivedTitle,
    t.complaintReceivedBody.replace('{number}', receipt.caseNumber).replace('{time}', due),
  )
}

/** What is wrong with the complaint form, in the complainant's language (the issues' reasons are English, for the API). */
export function complaintIssuesText(
  code: string,
  details: readonly FieldIssue[],
  text: PageText,
): string {
  if (code === 'COMPLAINT_REJECTED') return text.complaintRejected
  const lines = details.map((issue) => {
    switch (issue.path.split('.').pop()) {
      case 'text':
        return text.complaintTextNeeded
      case 'phone':
      case 'email':
        return text.invalidContact
      case 'consent':
        return text.complaintConsentNeeded
      default:
        return text.complaintCheck
    }
  })
  return [...new Set(lines.length > 0 ? lines : [text.complaintCheck])].join(' ')
}
