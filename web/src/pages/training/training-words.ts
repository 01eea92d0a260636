import { trainingEnUS } from '../../i18n/training.en-US'
import { trainingZhCN } from '../../i18n/training.zh-CN'
import { usePageWords } from '../../i18n/page-words'

/** The training page's words, loaded with it rather than with the login page (its JavaScript budget). */
export function useTrainingWords() {
  return usePageWords(trainingZhCN, trainingEnUS)
}

export type TrainingWords = ReturnType<typeof useTrainingWords>
