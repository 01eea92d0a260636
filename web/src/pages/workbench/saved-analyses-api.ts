import type {
  SaveAnalysisBody,
  SavedAnalysis,
  SavedAnalysisRun,
} from '../../../../src/analyses/saved-analysis.schema'
import { api } from '../../api/client'

export type { SavedAnalysis, SavedAnalysisRun }

export const SAVED_ANALYSES = ['saved-analyses'] as const

export const fetchSavedAnalyses = () =>
  api<{ analyses: SavedAnalysis[] }>('GET', '/saved-analyses').then((r) => r.analyses)

export const saveAnalysis = (body: SaveAnalysisBody) =>
  api<SavedAnalysis>('POST', '/saved-analyses', body)

export const renameSavedAnalysis = (id: string, name: string) =>
  api<SavedAnalysis>('PATCH', `/saved-analyses/${encodeURIComponent(id)}`, { name })

export const deleteSavedAnalysis = (id: string) =>
  api<void>('DELETE', `/saved-analyses/${encodeURIComponent(id)}`)

export const runSavedAnalysis = (id: string, file?: { name: string; contentBase64: string }) =>
  api<SavedAnalysisRun>(
    'POST',
    `/saved-analyses/${encodeURIComponent(id)}/run`,
    file ? { file } : {},
  )
