/** Words of a weighted survey's segment comparison (loaded with the page). */
export const SEGMENT_WEIGHT_ZH = {
  'segWeight.note':
    '已加权（权重字段 {field}）：各分组的得分、95% 区间、与其余答卷的检验和月度热力图均按受访者权重计算，区间和检验按有效样本量 n_eff = (Σw)²/Σw²（Kish 1965）。{left} 份答卷无有效权重，未计入。',
  'segWeight.effectiveN': '有效样本量 n_eff',
  'segWeight.overall': '全部答卷（加权）：{value}（{n} 份，n_eff = {neff}）',
  'segWeight.lowConfidence': '有效样本量不足 30：仅供参考',
} as const

export const SEGMENT_WEIGHT_EN: Record<keyof typeof SEGMENT_WEIGHT_ZH, string> = {
  'segWeight.note':
    'Weighted (weight field {field}): each segment’s score, 95% interval, test against the rest and the monthly heat map use the respondent weights; intervals and tests read the effective n = (Σw)²/Σw² (Kish 1965). Answers without a valid weight, left out: {left}.',
  'segWeight.effectiveN': 'Effective n (n_eff)',
  'segWeight.overall': 'All answers (weighted): {value} ({n} answers, n_eff = {neff})',
  'segWeight.lowConfidence': 'Effective n below 30: indicative only',
}
