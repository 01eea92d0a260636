import { html, type SafeHtml, trustedHtml } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { brandLogo, brandStyle, type PageBrand } from './page-brand.js'
import { TYPE_STYLE } from './question-type-fields.js'

/** The frame of every server-rendered page: one look, no JavaScript needed. */

const STYLE = trustedHtml(`
*{box-sizing:border-box}:root{--brand:#0958d9;--on-brand:#fff;--brand-ink:#0958d9}body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f7fa;color:#1f2329}
main{max-width:640px;margin:0 auto;padding:16px}
header{display:flex;justify-content:space-between;align-items:center;gap:8px}
h1{font-size:1.35rem;margin:8px 0 16px}
.lang{font-size:.9rem;color:var(--brand-ink);white-space:nowrap}
fieldset{border:0;background:#fff;border-radius:10px;padding:16px;margin:0 0 14px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
legend{font-weight:600;padding:0;margin-bottom:10px;float:left;width:100%}
legend+*{clear:both}
.tag{font-weight:400;font-size:.8rem;color:#5d6679;margin-left:6px;white-space:nowrap;display:inline-block}
.scale{display:grid;gap:6px;grid-template-columns:repeat(auto-fit,minmax(2.4rem,1fr))}
.scale.n5{grid-template-columns:repeat(5,minmax(0,1fr))}
.scale.n7{grid-template-columns:repeat(7,minmax(0,1fr))}
.scale.n10{grid-template-columns:repeat(10,minmax(0,1fr));gap:4px}
.scale.n11{grid-template-columns:repeat(11,minmax(0,1fr));gap:4px}
.scale.words{grid-template-columns:minmax(0,1fr)}
.scale label{position:relative;min-width:0}
.scale input{position:absolute;opacity:0}
.scale span{display:block;text-align:center;padding:10px 0;border:1px solid #d0d5dd;border-radius:8px;cursor:pointer;background:#fff}
.scale input:checked+span{background:var(--brand);border-color:var(--brand);color:var(--on-brand)}
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
label+.error,textarea+.error{margin:-2px 0 10px}
.summary{background:#fef3f2;border:1px solid #fda29b;border-radius:10px;padding:12px 16px;margin-bottom:14px}
.summary ul{margin:6px 0 0;padding-left:1.2em}.summary a{color:#b42318}
.progress{display:flex;align-items:center;gap:10px;margin:0 0 14px;color:#344054;font-size:.9rem}
.progress progress{flex:1;height:8px;accent-color:var(--brand)}
.nav{display:flex;gap:10px}
.nav button.secondary{background:#fff;color:var(--brand-ink);border:1px solid var(--brand-ink)}
.note{font-size:.85rem;color:#5d6679;text-align:center}
.hint{font-size:.85rem;color:#5d6679;margin:0 0 10px}
button{width:100%;padding:14px;font:inherit;font-weight:600;color:var(--on-brand);background:var(--brand);border:0;border-radius:10px;cursor:pointer}
.brand{margin:4px 0 4px}.brand img{display:block;max-height:48px;max-width:60%}
.notice{background:#fff;border-radius:10px;padding:32px 16px;text-align:center}
.notice .done{display:inline-flex;width:56px;height:56px;border-radius:50%;align-items:center;justify-content:center;background:var(--brand);color:var(--on-brand);font-size:28px;font-weight:700}
@media (max-width:420px){main{padding:12px 10px}fieldset{padding:14px 12px}}
@media (max-width:360px){.scale.n10 span,.scale.n11 span{font-size:.85rem}}
${TYPE_STYLE}`)

/** A whole page around ready-made body markup, in the survey page's look and the organisation's brand (the editor's preview without its script). */
export function page(
  locale: Locale,
  title: string,
  body: SafeHtml,
  brand?: PageBrand,
  options: { withoutScript?: boolean } = {},
): string {
  const frameScript =
    !options.withoutScript && html`<script src="/s/assets/frame.js" defer></script>`
  return html`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><style>${STYLE}</style>${brandStyle(brand?.color ?? null)}${frameScript}</head><body><main>${brandLogo(brand)}${body}</main></body></html>`
    .markup
}

/** A page that only tells the visitor something: thanks, closed, not found, a failure. */
export function noticePage(locale: Locale, title: string, body: string, brand?: PageBrand): string {
  return page(
    locale,
    title,
    html`<div class="notice" role="status"><h1>${title}</h1><p>${body}</p></div>`,
    brand,
  )
}

/**
 * The page after the last answer: a mark of completion, the thanks, and that the answers are
 * kept and the page may be closed — in the organisation's brand, under the survey's title.
 */
export function thanksPage(
  locale: Locale,
  text: { thanksTitle: string; thanksBody: string; thanksClose: string },
  surveyTitle: string | null,
  brand?: PageBrand,
): string {
  return page(
    locale,
    text.thanksTitle,
    html`<div class="notice" role="status"><span class="done" aria-hidden="true">✓</span><h1>${text.thanksTitle}</h1>${surveyTitle && html`<p><strong>${surveyTitle}</strong></p>`}<p>${text.thanksBody}</p><p class="note">${text.thanksClose}</p></div>`,
    brand,
  )
}

/** An instant as the organisation's people read it: date and time in its time zone. */
export function formatPageTime(at: number | string, locale: Locale, timeZone: string): string {
  return new Date(at).toLocaleString(locale, { timeZone, dateStyle: 'long', timeStyle: 'short' })
}
