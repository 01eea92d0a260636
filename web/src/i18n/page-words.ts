import { type MessageKey, useI18n } from './i18n'

/**
 * A page's own words, loaded with the page's lazy chunk rather than with the login page (whose
 * JavaScript has a budget, e2e/users.spec.ts), looked up before the app's dictionary; `{name}`
 * placeholders as in the app's messages.
 */
export function usePageWords<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  const i18n = useI18n()
  const own: Record<string, string> = i18n.locale === 'en-US' ? en : zh
  const t = (key: K | MessageKey, vars?: Record<string, string | number>): string => {
    const text = own[key]
    return text === undefined
      ? i18n.t(key as MessageKey, vars)
      : text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
  }
  return { ...i18n, t }
}
