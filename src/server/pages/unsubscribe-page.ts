import { html } from '../../shared/html.js'
import type { Locale } from '../../shared/locale.js'
import { noticePage, page } from './layout.js'
import { PAGE_TEXT } from './page-text.js'

/** Behind the unsubscribe link of an invitation: one button that confirms (no JavaScript). */
export function unsubscribePage(locale: Locale, token: string, maskedAddress: string): string {
  const text = PAGE_TEXT[locale]
  return page(
    locale,
    text.unsubscribeTitle,
    html`<div class="notice"><h1>${text.unsubscribeTitle}</h1><p>${text.unsubscribeBody.replace('{address}', maskedAddress)}</p>
<form method="post" action="/u/${token}?lang=${locale}"><button type="submit">${text.unsubscribeButton}</button></form></div>`,
  )
}

export function unsubscribedPage(locale: Locale, maskedAddress: string): string {
  const text = PAGE_TEXT[locale]
  return noticePage(
    locale,
    text.unsubscribedTitle,
    text.unsubscribedBody.replace('{address}', maskedAddress),
  )
}
