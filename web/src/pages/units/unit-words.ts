import { unitsEnUS } from '../../i18n/units.en-US'
import { unitsZhCN } from '../../i18n/units.zh-CN'
import { usePageWords } from '../../i18n/page-words'

/** The unit pages' words, loaded with them rather than with the login page (its JavaScript budget). */
export function useUnitWords() {
  return usePageWords(unitsZhCN, unitsEnUS)
}
