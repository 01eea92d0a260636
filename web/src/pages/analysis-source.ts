import { api } from '../api/client'
import type { AnalysisColumns } from '../../../src/analyses/analysis.schema'

export type { AnalysisColumns }
export type AnalysisColumn = AnalysisColumns['columns'][number]

/** Where the workbench's table comes from: a survey's stored answers, or an uploaded file. */
export type AnalysisSource =
  | { survey: { id: string; lang: 'zh-CN' | 'en-US' } }
  | { file: { name: string; contentBase64: string } }

export const fetchAnalysisColumns = (source: AnalysisSource) =>
  api<AnalysisColumns>('POST', '/analyses/columns', source)

/** Kano questions whose two answers (functional, dysfunctional) are columns: "f:d" pairs. */
export function kanoPairs(
  columns: readonly AnalysisColumn[],
): Array<{ value: string; question: string }> {
  const byQuestion = new Map<string, { f?: string; d?: string }>()
  for (const c of columns) {
    if (c.sub !== 'functional' && c.sub !== 'dysfunctional') continue
    const key = c.header.slice(0, c.header.lastIndexOf(' · '))
    const pair = byQuestion.get(key) ?? {}
    if (c.sub === 'functional') pair.f = c.header
    else pair.d = c.header
    byQuestion.set(key, pair)
  }
  return [...byQuestion.entries()]
    .filter(([, p]) => p.f && p.d)
    .map(([key, p]) => ({
      value: `${p.f}:${p.d}`,
      question: columns.find((c) => c.header === p.f)?.question ?? key,
    }))
}
