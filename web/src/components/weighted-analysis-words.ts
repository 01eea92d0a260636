/** Words of a weighted survey's per-question analyses on the dashboard (loaded with the page). */
export const WEIGHTED_ANALYSIS_ZH = {
  'weightedAnalysis.note':
    '已加权（权重字段 {field}）：评分题、选择题、CSM、Kano、SERVQUAL、重要性–表现分析和 α 按受访者权重计算，每项标注有效样本量 n_eff = (Σw)²/Σw²（Kish）和原始答卷数 n；{left} 份答卷无有效权重，未计入加权结果。CSI 及排序、级联、滑块、日期、矩阵单选等题型的汇总不加权。',
  'weightedAnalysis.mark': '加权（n_eff = {n}）',
  'weightedAnalysis.itemMark': '加权（n_eff = {n}，n = {raw}）',
  'weightedAnalysis.shares': '加权占比：{shares}',
  'weightedAnalysis.csiNotWeighted': '未加权：CSI 的权重和趋势按未加权答卷计算。',
  'weightedAnalysis.share': '加权占比（%）',
  'weightedAnalysis.means': '加权均值',
  'weightedAnalysis.itemMean': '：{v}',
} as const

export const WEIGHTED_ANALYSIS_EN: Record<keyof typeof WEIGHTED_ANALYSIS_ZH, string> = {
  'weightedAnalysis.note':
    'Weighted (weight field {field}): rating items, choices, CSM, Kano, SERVQUAL, importance–performance and α use respondent weights, each marked with its effective n = (Σw)²/Σw² (Kish) and raw n; answers without a valid weight, left out of them: {left}. The CSI and the summaries of rankings, cascades, sliders, dates and choice matrices are unweighted.',
  'weightedAnalysis.mark': 'weighted (n_eff = {n})',
  'weightedAnalysis.itemMark': 'weighted (n_eff = {n}, n = {raw})',
  'weightedAnalysis.shares': 'Weighted shares: {shares}',
  'weightedAnalysis.csiNotWeighted':
    'Unweighted: the CSI’s weights and trend use unweighted answers.',
  'weightedAnalysis.share': 'Weighted share (%)',
  'weightedAnalysis.means': 'weighted means',
  'weightedAnalysis.itemMean': ': {v}',
}
