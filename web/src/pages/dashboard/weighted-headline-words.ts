/** Words of a weighted survey's headline figures on the dashboard (loaded with the page). */
export const WEIGHTED_HEADLINE_ZH = {
  'weightedHeadline.note':
    '已加权（权重字段 {field}）：NPS（含仪表盘）、CSAT、CES 及其趋势按受访者权重计算，置信区间按有效样本量 n_eff = (Σw)²/Σw²（Kish）；{left} 份答卷无有效权重，未计入加权结果。渠道对比也已加权；分布不加权。',
  'weightedHeadline.card': '加权（n_eff = {n}）',
  'weightedHeadline.channels': '已加权',
} as const

export const WEIGHTED_HEADLINE_EN: Record<keyof typeof WEIGHTED_HEADLINE_ZH, string> = {
  'weightedHeadline.note':
    'Weighted (weight field {field}): NPS (gauge too), CSAT and CES and their trend use respondent weights, their intervals the effective n = (Σw)²/Σw² (Kish); answers without a valid weight, left out of them: {left}. Channels are weighted too; distributions are not.',
  'weightedHeadline.card': 'weighted (n_eff = {n})',
  'weightedHeadline.channels': 'weighted',
}
