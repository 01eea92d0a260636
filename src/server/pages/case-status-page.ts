import type { CaseStatusOrganisation, PublicCaseStatus } from '../../cases/case-status.service.js'
import type { CaseStatus } from '../../cases/case-workflow.js'
import { html, type SafeHtml, trustedHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { formatPageTime, page } from './layout.js'
import type { PageBrand } from './page-brand.js'

/**
 * The public case status page at /case-status/<organisation>: a form for the case number and
 * status key and, once both match, where the case stands, by when we answer and our replies.
 * Plain HTML, no script. Its words live here (the page is their only reader).
 */

const WORDS = {
  'zh-CN': {
    title: '查询处理进度',
    intro: '请输入投诉受理后收到的案件编号和查询码。',
    number: '案件编号',
    numberHint: '如 C-000042',
    key: '查询码',
    keyHint: '10 位字母和数字，如 7K3QM-A9X2T',
    submit: '查询',
    missing: '请填写案件编号和查询码。',
    badNumber: '案件编号的格式应如 C-000042。',
    noMatch: '没有找到与该案件编号和查询码相符的案件，请核对后再试。',
    status: '当前状态',
    opened: '受理时间',
    dueResponse: '我们将在 {time} 前首次答复您。',
    dueResolution: '我们将在 {time} 前处理完毕。',
    overdue: '已超过承诺时间 {time}，我们正在加紧处理，给您带来不便深表歉意。',
    resolvedAt: '处理完毕于 {time}。',
    replies: '我们的答复',
    noReplies: '暂未答复，处理有进展时我们会告知您。',
    language: 'English',
    statuses: {
      new: '已收到',
      acknowledged: '已受理',
      investigating: '处理中',
      resolved: '已处理完毕',
      followed_up: '已回访',
      closed: '已办结',
    },
  },
  'en-US': {
    title: 'Check your case',
    intro: 'Enter the case number and the status key you were given when we took your complaint.',
    number: 'Case number',
    numberHint: 'such as C-000042',
    key: 'Status key',
    keyHint: '10 letters and digits, such as 7K3QM-A9X2T',
    submit: 'Check',
    missing: 'Please enter both the case number and the status key.',
    badNumber: 'A case number looks like C-000042.',
    noMatch: 'No case matches this case number and status key. Please check them and try again.',
    status: 'Status',
    opened: 'Received',
    dueResponse: 'We will first reply to you by {time}.',
    dueResolution: 'We aim to resolve it by {time}.',
    overdue: 'We promised an answer by {time} and are late; we are sorry and are working on it.',
    resolvedAt: 'Resolved on {time}.',
    replies: 'Our replies',
    noReplies: 'No reply yet; we will tell you when there is news.',
    language: '中文',
    statuses: {
      new: 'Received',
      acknowledged: 'Accepted',
      investigating: 'Being handled',
      resolved: 'Resolved',
      followed_up: 'Followed up',
      closed: 'Closed',
    },
  },
} as const satisfies Record<
  Locale,
  { statuses: Record<CaseStatus, string>; [word: string]: unknown }
>

export type CaseStatusProblem = 'missing' | 'badNumber' | 'noMatch'

const STYLE = trustedHtml(`<style>
.status-card{background:#fff;border-radius:10px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.status-card h2{font-size:1.05rem;margin:0 0 8px}
.status-card .state{font-size:1.4rem;font-weight:600;color:var(--brand);margin:0 0 8px}
.status-card dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0 0 8px}
.status-card dt{color:#5d6679}.status-card dd{margin:0}
.replies{list-style:none;padding:0;margin:0}
.replies li{border-top:1px solid #eef0f4;padding:8px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.replies time{display:block;color:#5d6679;font-size:.85rem}
</style>`)

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '')

export interface CaseStatusPageState {
  orgId: string
  organisation: CaseStatusOrganisation
  /** What was typed, to refill the form (the key only after a missing field, never after a miss). */
  values: { number?: string; key?: string }
  problem?: CaseStatusProblem
  found?: PublicCaseStatus
  now: number
  brand?: PageBrand
}

export function caseStatusPage(locale: Locale, state: CaseStatusPageState): string {
  const w = WORDS[locale]
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  const { organisation, values, problem, found } = state
  const invalid = problem ? html` aria-invalid="true" aria-describedby="lookup-error"` : ''
  const body = html`${STYLE}<header><h1>${w.title} · ${organisation.name}</h1><a class="lang" href="?lang=${other}" lang="${other}">${w.language}</a></header>
${found ? resultCard(locale, found, state.now, organisation.timezone) : html`<p class="hint">${w.intro}</p>`}
${problem && html`<div class="summary" role="alert" id="lookup-error"><p>${w[problem]}</p></div>`}
<form method="post" action="/case-status/${state.orgId}?lang=${locale}" novalidate>
<fieldset>
<label class="contact" for="number">${w.number}<input id="number" name="number" autocomplete="off" placeholder="${w.numberHint}" value="${values.number ?? ''}" required${invalid}></label>
<label class="contact" for="key">${w.key}<input id="key" name="key" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="${w.keyHint}" value="${values.key ?? ''}" required${invalid}></label>
</fieldset><button type="submit">${w.submit}</button></form>`
  return page(locale, `${w.title} · ${organisation.name}`, body, state.brand, {
    withoutScript: true,
  })
}

function resultCard(
  locale: Locale,
  found: PublicCaseStatus,
  now: number,
  timeZone: string,
): SafeHtml {
  const w = WORDS[locale]
  const time = (at: number) => formatPageTime(at, locale, timeZone)
  const due = found.nextDue
  const promise =
    due === null
      ? found.resolvedAt !== null && fill(w.resolvedAt, { time: time(found.resolvedAt) })
      : due.at < now
        ? fill(w.overdue, { time: time(due.at) })
        : fill(due.kind === 'response' ? w.dueResponse : w.dueResolution, { time: time(due.at) })
  const replies =
    found.replies.length === 0
      ? html`<p class="hint">${w.noReplies}</p>`
      : html`<ol class="replies">${found.replies.map(
          (r) =>
            html`<li><time datetime="${new Date(r.at).toISOString()}">${time(r.at)}</time>${r.text}</li>`,
        )}</ol>`
  return html`<section class="status-card" data-case="${found.number}" aria-live="polite"><h2>${w.number} ${found.number}</h2>
<p class="state">${w.statuses[found.status]}</p>
<dl><dt>${w.opened}</dt><dd>${time(found.openedAt)}</dd></dl>
${promise && html`<p class="promise">${promise}</p>`}
<h2>${w.replies}</h2>${replies}</section>`
}
