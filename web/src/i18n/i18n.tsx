import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import { enUS } from './en-US'
import { formatError } from './error-text'
import { zhCN, type Messages } from './zh-CN'

export type UiLocale = 'zh-CN' | 'en-US'
const MESSAGES: Record<UiLocale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS }
const STORAGE_KEY = 'manyi.locale'

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

function initialLocale(): UiLocale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return saved === 'en-US' || saved === 'zh-CN' ? saved : 'zh-CN'
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<UiLocale>(initialLocale)
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale]
    const t: Translate = (key, vars) =>
      // A key the dictionary lacks shows as itself (the screen checks report it), never a blank page.
      (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
    return {
      locale,
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next)
        document.documentElement.lang = next
        setLocaleState(next)
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
