/** The churn-risk card's words on the customer page. */
export const CHURN_RISK_ZH = {
  'risk.title': '流失风险',
  'risk.score': '风险评分',
  'risk.band': '风险等级',
  'risk.band.high': '高',
  'risk.band.medium': '中',
  'risk.band.low': '低',
  'risk.model': '模型训练于 {date}，在后一时段验证的 AUC 为 {auc}（95% 区间 {low}–{high}）。',
  'risk.notScored': '该客户尚未评分：模型只为训练时已有消费记录的客户评分。',
  'risk.noModel': '尚未训练流失模型：有足够的消费历史后，每日任务会自动训练。',
  'risk.noModelReason': '最近一次未能训练出模型：{reason}。',
  'risk.reason.not_enough_history': '历史数据不足',
  'risk.more': '查看模型与风险名单',
} as const

export const CHURN_RISK_EN: Record<keyof typeof CHURN_RISK_ZH, string> = {
  'risk.title': 'Churn risk',
  'risk.score': 'Risk score',
  'risk.band': 'Risk band',
  'risk.band.high': 'High',
  'risk.band.medium': 'Medium',
  'risk.band.low': 'Low',
  'risk.model':
    'Model trained on {date}; validated on a later window with AUC {auc} (95% interval {low}–{high}).',
  'risk.notScored':
    'This customer is not scored yet: the model scores customers who had bought before it was trained.',
  'risk.noModel':
    'No churn model yet: a daily job trains one once there is enough purchase history.',
  'risk.noModelReason': 'The last training gave no model: {reason}.',
  'risk.reason.not_enough_history': 'not enough history',
  'risk.more': 'See the model and the risk list',
}
