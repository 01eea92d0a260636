import { Alert } from 'antd'
import { usePageWords } from '../../i18n/page-words'

const ZH = {
  'unweightedLeague.league':
    '{n} 份问卷设有受访者权重。此排名合并全部问卷的答卷，按答卷计数、不加权：各问卷的权重来自各自的抽样框，不在同一尺度上，不能合并。要看加权排名，请在“受访者加权”中选择该问卷。',
  'unweightedLeague.targets':
    '{n} 份问卷设有受访者权重。此处的目标达成合并全部问卷的答卷，按答卷计数、不加权：各问卷的权重来自各自的抽样框，不在同一尺度上，不能合并。要按加权结果评估目标，请在“受访者加权”中选择该问卷。',
} as const

const EN: Record<keyof typeof ZH, string> = {
  'unweightedLeague.league':
    'Surveys with respondent weights: {n}. This ranking pools the answers of every survey and counts them unweighted: each survey’s weights come from its own sample frame and are not on one scale, so they cannot be pooled. For a weighted ranking, choose that survey under Respondent weights.',
  'unweightedLeague.targets':
    'Surveys with respondent weights: {n}. Target attainment here pools the answers of every survey and counts them unweighted: each survey’s weights come from its own sample frame and are not on one scale, so they cannot be pooled. To judge targets on weighted figures, choose that survey under Respondent weights.',
}

/**
 * Says that the league (or the targets' attainment) is unweighted although some surveys have
 * respondent weights: the figures pool every survey's answers, and weights of different sample
 * frames cannot be pooled (issue 16; the home page says the same, weighted-pool-note.tsx).
 */
export function UnweightedLeagueNote({
  surveys,
  of,
}: {
  surveys: number
  of: 'league' | 'targets'
}) {
  const { t } = usePageWords(ZH, EN)
  if (surveys === 0) return null
  return (
    <Alert
      type="info"
      showIcon
      data-testid={`${of}-unweighted-note`}
      title={t(`unweightedLeague.${of}`, { n: surveys })}
    />
  )
}
