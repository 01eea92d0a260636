export const LOCALES = ['zh-CN', 'en-US'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

/** Pick a supported locale from an explicit choice or an Accept-Language header. */
export function negotiateLocale(
  explicit: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale = DEFAULT_LOCALE,
): Locale {
  const wanted = [
    explicit,
    ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]?.trim()),
  ]
  for (const tag of wanted) {
    if (!tag) continue
    const lower = tag.toLowerCase()
    if (lower.startsWith('zh')) return 'zh-CN'
    if (lower.startsWith('en')) return 'en-US'
  }
  return fallback
}
