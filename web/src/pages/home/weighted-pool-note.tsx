import { Alert, Tag, Tooltip } from 'antd'
import { usePageWords } from '../../i18n/page-words'

const ZH = {
  'weightedPool.note':
    '{n} 份问卷设有受访者权重。总览和首页的目标达成合并各问卷的答卷，按答卷计数、不加权：各问卷的权重来自各自的抽样框，不在同一尺度上，不能合并。加权结果见该问卷的看板，或在单元排名与目标中选择该问卷。得分最低的渠道各属一份问卷，按该问卷的权重加权（标“加权”）。',
  'weightedPool.mark': '加权',
  'weightedPool.markTip': '按该问卷的受访者权重加权；有效样本量 {neff}',
} as const

const EN: Record<keyof typeof ZH, string> = {
  'weightedPool.note':
    'Surveys with respondent weights: {n}. The overview and the home page’s target attainment pool the answers of every survey and count them unweighted: each survey’s weights come from its own sample frame and are not on one scale, so they cannot be pooled. See such a survey’s weighted figures on its dashboard, or choose it in the unit league and targets. The lowest-scoring channels each lie within one survey and use its weights (marked weighted).',
  'weightedPool.mark': 'weighted',
  'weightedPool.markTip': 'Weighted by the survey’s respondent weights; effective n {neff}',
}

/**
 * Says that the overview's pooled figures are unweighted when some answered survey has
 * respondent weights (issue 21): pooling weights of different sample frames would not be honest.
 */
export function WeightedPoolNote({ surveys }: { surveys: number }) {
  const { t } = usePageWords(ZH, EN)
  if (surveys === 0) return null
  return (
    <Alert
      type="info"
      showIcon
      data-testid="home-weighted-note"
      title={t('weightedPool.note', { n: surveys })}
    />
  )
}

/**
 * Marks a lowest-scoring channel whose NPS is weighted by its survey's respondent weights, with
 * Kish's effective n in the tooltip: the row's n counts answers, the interval rests on n_eff.
 */
export function WeightedChannelMark({ effectiveN }: { effectiveN: number }) {
  const { t } = usePageWords(ZH, EN)
  return (
    <Tooltip title={t('weightedPool.markTip', { neff: effectiveN.toFixed(1) })}>
      <Tag data-testid="home-segment-weighted" style={{ marginInlineEnd: 0 }}>
        {t('weightedPool.mark')}
      </Tag>
    </Tooltip>
  )
}
