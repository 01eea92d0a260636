import { useAnalysisWords } from '../../components/analysis-words'
import { workbenchSavedEnUS } from '../../i18n/workbench-saved.en-US'
import { workbenchSavedZhCN } from '../../i18n/workbench-saved.zh-CN'
import { usePageWords } from '../../i18n/page-words'

/** The export and saved-analysis words, with the workbench's result words. */
export function useWorkbenchWords() {
  const words = usePageWords(workbenchSavedZhCN, workbenchSavedEnUS)
  const { resultWord, t: analysisWord } = useAnalysisWords()
  return { ...words, resultWord, analysisWord }
}
