const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escape text for HTML content and quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/**
 * Markup that is safe to put into a page as it is: made by the `html` tag (whose
 * interpolations were escaped) or by `trustedHtml` (markup written in this code).
 */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup
  }
}

/**
 * What may be interpolated into `html`: text and numbers (escaped), safe fragments
 * (kept), lists of either (joined), and nothing (`false`, `null`, `undefined`: left
 * out, so `${cond && html`…`}` works). `true` is not allowed: it would print "true".
 */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup
  if (value === false || value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(value as string | number)
}

/**
 * Tagged template for HTML: every interpolation is escaped unless it is already a
 * SafeHtml fragment, so text from respondents, links or the database can never
 * become markup by being forgotten.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0]!
  for (let i = 0; i < values.length; i++) markup += render(values[i]) + strings[i + 1]!
  return new SafeHtml(markup)
}

/**
 * Markup this code wrote itself and that must not be escaped (a style sheet, JSON
 * made safe for a script element). Never pass text that came from outside.
 */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup)
}
