import { maturityEnUS } from '../../i18n/maturity.en-US'
import { maturityZhCN } from '../../i18n/maturity.zh-CN'
import { usePageWords } from '../../i18n/page-words'

/** The service maturity page's words, loaded with it (usePageWords). */
export function useMaturityWords() {
  return usePageWords(maturityZhCN, maturityEnUS)
}

export type MaturityWords = ReturnType<typeof useMaturityWords>
