import type { CurrentWait } from '../../commitments/queue.schema.js'
import { html, trustedHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { page } from './layout.js'
import type { PageBrand } from './page-brand.js'

/**
 * The public "current wait" page at /wait/<organisation>: each hall's people waiting, open
 * counters and the estimated wait for someone taking a ticket now. Counts only: no ticket, name
 * or customer appears. Its words live here (the page is its only reader).
 */

const WORDS = {
  'zh-CN': {
    title: '当前排队',
    intro: '各营业厅此刻的排队情况，按正在办理与等候的人数、开放窗口数和近期平均办理时长估算。',
    hall: '营业厅',
    waiting: '等候人数',
    counters: '开放窗口',
    estimate: '预计等候',
    minutes: '约 {n} 分钟',
    now: '无需等候',
    unknown: '暂无法估算',
    updated: '更新于 {time}',
    empty: '目前没有营业中的营业厅。',
    language: 'English',
  },
  'en-US': {
    title: 'Waiting now',
    intro:
      'How long the queue is at each hall right now, estimated from the people being served and waiting, the open counters and recent service times.',
    hall: 'Hall',
    waiting: 'Waiting',
    counters: 'Open counters',
    estimate: 'Expected wait',
    minutes: 'about {n} min',
    now: 'no wait',
    unknown: 'not known yet',
    updated: 'updated {time}',
    empty: 'No hall is open at the moment.',
    language: '中文',
  },
} as const

const STYLE = trustedHtml(`<style>
.halls{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(260px,1fr))}
.hall{background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.hall h2{font-size:1.05rem;margin:0 0 8px}
.hall .wait{font-size:1.6rem;font-weight:600;color:var(--brand);margin:0 0 8px}
.hall dl{display:grid;grid-template-columns:auto auto;gap:4px 12px;margin:0 0 6px}
.hall dt{color:#5d6679}.hall dd{margin:0;text-align:right}
.hall .when{color:#5d6679;font-size:.85rem;margin:0}
</style>`)

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''))

export interface WaitPageData {
  organisation: { name: string; timezone: string }
  halls: CurrentWait[]
}

export function waitPage(locale: Locale, data: WaitPageData, brand?: PageBrand): string {
  const w = WORDS[locale]
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN'
  const cards = data.halls.map((h) => {
    const name = locale === 'en-US' ? (h.unitNameEn ?? h.unitName) : h.unitName
    const estimate =
      h.estimatedMinutes === null
        ? w.unknown
        : h.estimatedMinutes < 1
          ? w.now
          : fill(w.minutes, { n: Math.round(h.estimatedMinutes) })
    const time = new Date(h.updatedAt).toLocaleTimeString(locale, {
      timeZone: data.organisation.timezone,
      hour: '2-digit',
      minute: '2-digit',
    })
    return html`<section class="hall"><h2>${name}</h2><p class="wait" title="${w.estimate}">${estimate}</p><dl><dt>${w.waiting}</dt><dd>${h.waiting}</dd><dt>${w.counters}</dt><dd>${h.counters}</dd></dl><p class="when">${fill(w.updated, { time })}</p></section>`
  })
  const body = html`${STYLE}<header><h1>${w.title} · ${data.organisation.name}</h1><a class="lang" href="?lang=${other}" lang="${other}">${w.language}</a></header>
<p class="hint">${w.intro}</p>
${cards.length > 0 ? html`<div class="halls">${cards}</div>` : html`<div class="notice"><p>${w.empty}</p></div>`}`
  return page(locale, `${w.title} · ${data.organisation.name}`, body, brand, {
    withoutScript: true,
  })
}
