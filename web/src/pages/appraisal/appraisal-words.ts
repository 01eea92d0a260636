import { appraisalEnUS } from '../../i18n/appraisal.en-US'
import { appraisalZhCN } from '../../i18n/appraisal.zh-CN'
import { usePageWords } from '../../i18n/page-words'

/** The appraisal pages' words, loaded with them rather than with the login page (its JavaScript budget). */
export function useAppraisalWords() {
  return usePageWords(appraisalZhCN, appraisalEnUS)
}

export type AppraisalWords = ReturnType<typeof useAppraisalWords>
