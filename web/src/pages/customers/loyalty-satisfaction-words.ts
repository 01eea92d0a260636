/** The loyalty page's card reading tiers against satisfaction. */
export const TIER_SATISFACTION_ZH = {
  'tierSat.title': '等级与满意度',
  'tierSat.intro':
    '每位客户按其最近一次带 NPS 评分的作答计入一次。区间为 95% 置信区间，作答满 5 份时给出。积分为每位会员的平均值（获得不含人工调整）。',
  'tierSat.tier': '等级',
  'tierSat.nonMembers': '非会员（参照）',
  'tierSat.members': '会员数',
  'tierSat.scored': '有评分',
  'tierSat.nps': 'NPS [区间]',
  'tierSat.mean': '平均评分 0–10 [区间]',
  'tierSat.earned': '人均获得积分',
  'tierSat.redeemed': '人均兑换积分',
  'tierSat.empty':
    '暂无可对比的数据：还没有会员的作答带 NPS 评分（作答需通过账号、手机号等关联到客户）。',
  'tierSat.failed': '等级与满意度未能加载，请稍后重试。',
} as const

export const TIER_SATISFACTION_EN: Record<keyof typeof TIER_SATISFACTION_ZH, string> = {
  'tierSat.title': 'Tiers and satisfaction',
  'tierSat.intro':
    'Each customer counts once, by their latest answer with an NPS score. Intervals are 95% confidence intervals, given from 5 answers. Points are per member on average (earned excludes hand adjustments).',
  'tierSat.tier': 'Tier',
  'tierSat.nonMembers': 'Non-members (reference)',
  'tierSat.members': 'Members',
  'tierSat.scored': 'Scored',
  'tierSat.nps': 'NPS [interval]',
  'tierSat.mean': 'Mean score 0–10 [interval]',
  'tierSat.earned': 'Points earned per member',
  'tierSat.redeemed': 'Points redeemed per member',
  'tierSat.empty':
    'Nothing to compare yet: no member has an answer with an NPS score (answers reach a customer through an account, phone or other key).',
  'tierSat.failed': 'Tiers and satisfaction could not be loaded; try again later.',
}
