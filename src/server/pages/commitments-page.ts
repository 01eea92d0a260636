import type { PublicCommitments } from '../../commitments/commitment.service.js'
import type { PublicHallPromise } from '../../commitments/wait-promise.service.js'
import { html, trustedHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { page } from './layout.js'
import type { PageBrand } from './page-brand.js'

/**
 * The public commitments page at /commitments/<organisation>: the promises the organisation
 * publishes and how each unit kept them over the last 90 days. Counts only: no order, customer
 * or case appears. Its words live here (the page is its only reader).
 */

const WORDS = {
  'zh-CN': {
    title: '服务承诺',
    intro: '我们公开对客户的服务承诺，以及近 90 天（{from} 至 {to}）各单位的兑现情况。',
    limitMinutes: '时限：{n} 分钟（全天候计时）',
    limitBusiness: '时限：{n} 分钟（按工作时间计）',
    limitDays: '时限：{n} 个工作日（节假日顺延）',
    overall: '兑现率 {rate}：{n} 单中 {kept} 单按时（95% 置信区间 {lo}–{hi}）',
    none: '近 90 天暂无可统计的工单。',
    unit: '单位',
    rate: '兑现率',
    kept: '按时 / 总数',
    empty: '暂未公布服务承诺。',
    waitTitle: '营业厅等候承诺',
    waitIntro:
      '各营业厅承诺一定比例的顾客在规定时间内被叫号；下表为近 90 天内叫号及等候超时的顾客中，在承诺时间内被叫号的比例。',
    hall: '营业厅',
    waitPromise: '承诺',
    waitPromiseText: '{within}% 在 {minutes} 分钟内叫号',
    withinShare: '时限内叫号',
    withinCount: '时限内 / 总数',
    interval: '95% 置信区间 {lo}–{hi}',
    language: 'English',
  },
  'en-US': {
    title: 'Our service commitments',
    intro:
      'The promises we make to customers, and how each unit kept them over the last 90 days ({from} to {to}).',
    limitMinutes: 'Within {n} minutes, around the clock',
    limitBusiness: 'Within {n} working minutes',
    limitDays: 'Within {n} working days (holidays excluded)',
    overall: 'Kept {rate}: {kept} of {n} orders on time (95% interval {lo}–{hi})',
    none: 'No orders to count in the last 90 days yet.',
    unit: 'Unit',
    rate: 'Kept',
    kept: 'On time / all',
    empty: 'No commitments published yet.',
    waitTitle: 'Waiting at our service halls',
    waitIntro:
      'Each hall promises a share of visitors a call within a time. Of the visitors called, or kept waiting past the promise, in the last 90 days: the share called within it.',
    hall: 'Hall',
    waitPromise: 'Promise',
    waitPromiseText: '{within}% called within {minutes} min',
    withinShare: 'Called in time',
    withinCount: 'In time / all',
    interval: '95% interval {lo}–{hi}',
    language: '中文',
  },
} as const

const STYLE = trustedHtml(`<style>
.promise{background:#fff;border-radius:10px;padding:16px;margin:0 0 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.promise h2{font-size:1.1rem;margin:0 0 6px}
.promise .limit{color:#344054;margin:0 0 8px}
.promise .overall{margin:0 0 10px}
.promise table{width:100%;border-collapse:collapse;font-size:.95rem}
.promise th,.promise td{text-align:left;padding:6px 4px;border-top:1px solid #eaecf0}
.promise th{color:#5d6679;font-weight:500}
.promise td.num,.promise th.num{text-align:right;white-space:nowrap}
.promise .ci,.promise .terms{display:block;color:#5d6679;font-size:.8rem;white-space:normal}
.bar{display:inline-block;width:48px;height:6px;border-radius:3px;background:#eaecf0;vertical-align:middle;margin-right:6px;overflow:hidden}.bar span{display:block;height:100%;background:var(--brand)}
</style>`)

const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''))

function dateOf(at: number, locale: Locale, timeZone: string): string {
  return new Date(at).toLocaleDateString(locale, { timeZone, dateStyle: 'medium' })
}

/** The halls' waiting promises and the share of visits called within each (none: no card). */
function waitCard(locale: Locale, halls: readonly PublicHallPromise[]) {
  const w = WORDS[locale]
  const rows = halls
    .filter((h) => h.n > 0)
    .map((h) => {
      const name =
        locale === 'en-US' ? (h.unitName['en-US'] ?? h.unitName['zh-CN']) : h.unitName['zh-CN']
      const width = Math.round((h.withinShare ?? 0) * 100)
      const ci = fill(w.interval, {
        lo: percent(h.interval?.[0] ?? null),
        hi: percent(h.interval?.[1] ?? null),
      })
      return html`<tr><td>${name}<span class="terms">${fill(w.waitPromiseText, { within: h.withinPercent, minutes: h.minutes })}</span></td><td class="num"><span class="bar" aria-hidden="true"><span style="width:${width}%"></span></span>${percent(h.withinShare)}<span class="ci">${ci}</span></td><td class="num">${h.within} / ${h.n}</td></tr>`
    })
  if (rows.length === 0) return ''
  return html`<section class="promise waits"><h2>${w.waitTitle}</h2><p class="limit">${w.waitIntro}</p><table><thead><tr><th>${w.hall} · ${w.waitPromise}</th><th class="num">${w.withinShare}</th><th class="num">${w.withinCount}</th></tr></thead><tbody>${rows}</tbody></table></section>`
}

export function commitmentsPage(
  locale: Locale,
  data: PublicCommitments,
  brand?: PageBrand,
  waits: readonly PublicHallPromise[] = [],
): string {
  const w = WORDS[locale]
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  const tz = data.organisation.timezone
  const cards = data.commitments.map(({ commitment: c, total, units }) => {
    const title = locale === 'en-US' ? (c.title['en-US'] ?? c.title['zh-CN']) : c.title['zh-CN']
    const limit = fill(
      c.clock === 'continuous'
        ? w.limitMinutes
        : c.clock === 'business_hours'
          ? w.limitBusiness
          : w.limitDays,
      { n: c.limit },
    )
    const n = total.kept + total.missed
    const overall =
      n === 0
        ? w.none
        : fill(w.overall, {
            rate: percent(total.keptRate),
            n,
            kept: total.kept,
            lo: percent(total.interval?.[0] ?? null),
            hi: percent(total.interval?.[1] ?? null),
          })
    const rows = units
      .filter((u) => u.kept + u.missed > 0)
      .map((u) => {
        const name =
          locale === 'en-US' ? (u.unitName['en-US'] ?? u.unitName['zh-CN']) : u.unitName['zh-CN']
        const width = Math.round((u.keptRate ?? 0) * 100)
        return html`<tr><td>${name}</td><td class="num"><span class="bar" aria-hidden="true"><span style="width:${width}%"></span></span>${percent(u.keptRate)}</td><td class="num">${u.kept} / ${u.kept + u.missed}</td></tr>`
      })
    const table =
      rows.length > 0 &&
      html`<table><thead><tr><th>${w.unit}</th><th class="num">${w.rate}</th><th class="num">${w.kept}</th></tr></thead><tbody>${rows}</tbody></table>`
    return html`<section class="promise"><h2>${title}</h2><p class="limit">${limit}</p><p class="overall">${overall}</p>${table}</section>`
  })
  const body = html`${STYLE}<header><h1>${w.title} · ${data.organisation.name}</h1><a class="lang" href="?lang=${other}" lang="${other}">${w.language}</a></header>
<p class="hint">${fill(w.intro, { from: dateOf(data.from, locale, tz), to: dateOf(data.to, locale, tz) })}</p>
${cards.length > 0 ? cards : html`<div class="notice"><p>${w.empty}</p></div>`}${waitCard(locale, waits)}`
  return page(locale, `${w.title} · ${data.organisation.name}`, body, brand, {
    withoutScript: true,
  })
}
