import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import { formatError } from './error-text'
import { zhCN, type Messages } from './zh-CN'

export type UiLocale = 'zh-CN' | 'en-US'
const STORAGE_KEY = 'manyi.locale'

/**
 * The English words load when first needed (an English reader's first page, or the switch): the
 * login page in the default language then carries one dictionary, not two (the login page's
 * JavaScript budget, e2e/users.spec.ts).
 */
const loaded: Partial<Record<UiLocale, Messages>> = { 'zh-CN': zhCN }

export async function loadMessages(locale: UiLocale): Promise<void> {
  if (!loaded[locale]) loaded[locale] = (await import('./en-US')).enUS
}

export type MessageKey = keyof Messages
type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

interface I18n {
  locale: UiLocale
  setLocale(locale: UiLocale): void
  t: Translate
  /** A user-facing message for any error, looked up by the server's stable code. */
  errorText(error: unknown): string
}

const I18nContext = createContext<I18n | null>(null)

export function initialLocale(): UiLocale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return saved === 'en-US' || saved === 'zh-CN' ? saved : 'zh-CN'
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<UiLocale>(initialLocale)
  const value = useMemo<I18n>(() => {
    // Loaded before the switch (setLocale) or the first render (main.tsx).
    const messages = loaded[locale] ?? zhCN
    const t: Translate = (key, vars) =>
      // A key the dictionary lacks shows as itself (the screen checks report it), never a blank page.
      (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
    return {
      locale,
      setLocale(next) {
        void loadMessages(next).then(() => {
          localStorage.setItem(STORAGE_KEY, next)
          document.documentElement.lang = next
          setLocaleState(next)
        })
      },
      t,
      errorText: (error) => formatError(error, messages, locale),
    }
  }, [locale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}
