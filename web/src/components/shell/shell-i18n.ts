import { type MessageKey, useI18n } from '../../i18n/i18n'
import { shellEnUS } from '../../i18n/shell.en-US'
import { shellZhCN } from '../../i18n/shell.zh-CN'

/**
 * The shell's and home pages' own words, loaded with the shell rather than with the login page
 * (whose JavaScript has a budget), looked up before the app's dictionary.
 */
export type ShellKey = keyof typeof shellZhCN
export type ShellMessageKey = MessageKey | ShellKey

const OWN: Record<'zh-CN' | 'en-US', Record<string, string>> = {
  'zh-CN': shellZhCN,
  'en-US': shellEnUS,
}

export function useShellI18n() {
  const i18n = useI18n()
  const own = OWN[i18n.locale]
  const t = (key: ShellMessageKey, vars?: Record<string, string | number>): string => {
    const text = own[key]
    return text === undefined
      ? i18n.t(key as MessageKey, vars)
      : text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
  }
  return { ...i18n, t }
}
