const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Text made safe for HTML. ECharts puts the string a tooltip `formatter`
 * function returns into the page as HTML (string templates like '{b}' it
 * escapes itself), so every question title, attribute or period that goes
 * into such a string passes through here: a title of
 * `<img src=x onerror=…>` is shown as those characters, not run.
 */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}
