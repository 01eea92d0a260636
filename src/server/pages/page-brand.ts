import { html, type SafeHtml, trustedHtml } from '../../shared/html.js'

/** The organisation's look on respondent pages: its colour and logo (organisation-profile.service.ts). */
export interface PageBrand {
  color: string | null
  logoUrl: string | null
  /** The logo's text alternative. */
  name?: string
}

const DEFAULT_INK = '#1f2329'
const HEX = /^#([0-9a-f]{6})$/i

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16)
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG contrast ratio of two luminances. */
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)

/**
 * The style that paints the page in the organisation's colour: buttons and chosen answers in it,
 * their text white or dark (whichever reads better on it), and links in it only when it reads on
 * white (a pale yellow would not). The colour was validated when stored; it is checked again
 * here because it goes into a style sheet, where HTML escaping protects nothing.
 */
export function brandStyle(color: string | null): SafeHtml | '' {
  if (!color || !HEX.test(color)) return ''
  const l = luminance(color)
  const onBrand = contrast(l, 1) >= contrast(l, luminance(DEFAULT_INK)) ? '#fff' : DEFAULT_INK
  const ink = contrast(l, 1) >= 4.5 ? color : DEFAULT_INK
  return trustedHtml(
    `<style>:root{--brand:${color};--on-brand:${onBrand};--brand-ink:${ink}}</style>`,
  )
}

/** The logo above the page's title. */
export function brandLogo(brand: PageBrand | undefined): SafeHtml | '' {
  if (!brand?.logoUrl) return ''
  return html`<div class="brand"><img src="${brand.logoUrl}" alt="${brand.name ?? ''}"></div>`
}
